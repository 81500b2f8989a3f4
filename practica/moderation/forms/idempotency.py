"""The composer forms' one-time key (as discussions' composer has): each form carries a fresh key in a hidden
field, and the service stores it with the row, so a double click or a retried POST creates one row."""

import uuid

from django import forms


class IdempotentForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex
