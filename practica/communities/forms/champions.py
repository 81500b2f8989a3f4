"""Forms for champions' tools: deciding join requests, removing members, appointing and handing over."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from practica.communities.choices import CommunityRole
from practica.communities.forms.proposals import find_members_by_email
from practica.communities.models import CommunityMember


class JoinRequestDecisionForm(forms.Form):
    """The decision comes from which of the two submit buttons was pressed."""

    DECISIONS = [("approve", _("Approve")), ("decline", _("Decline"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the person who asked"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the decision. The e-mail telling them the outcome does not include it."),
    )

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removing them"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log. Staff can read it."),
    )


class AppointChampionForm(forms.Form):
    """Staff choose a current member of the community, or any member's account by e-mail."""

    member = forms.ModelChoiceField(
        label=_("A member of the community"),
        queryset=CommunityMember.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
    )
    email = forms.EmailField(
        label=_("Or the e-mail address of a member"),
        required=False,
        help_text=_("They are added to the community if they are not in it yet."),
    )
    note = forms.CharField(
        label=_("Note for the champion history"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, community, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["member"].queryset = (
            CommunityMember.objects.filter(community=community, role=CommunityRole.MEMBER)
            .select_related("user")
            .order_by("user__display_name")
        )
        self.fields["member"].label_from_instance = lambda membership: membership.user.display_name

    def clean(self):
        cleaned = super().clean()
        membership, email = cleaned.get("member"), cleaned.get("email")
        if self.errors:
            return cleaned
        if membership and email:
            raise ValidationError(_("Choose a member or give an e-mail address, not both."))
        if membership:
            cleaned["user"] = membership.user
        elif email:
            people, _problems = find_members_by_email(self.actor, email)
            if not people:
                self.add_error("email", _("No member's account uses this e-mail address."))
            else:
                cleaned["user"] = people[0]
        else:
            raise ValidationError(_("Choose a member, or give the e-mail address of a member."))
        return cleaned


class RemoveChampionForm(forms.Form):
    """One per champion on the page, prefixed with their id so labels and errors stay unique."""

    note = forms.CharField(
        label=_("Why they stop being a champion"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the champion history."),
    )


class StepDownForm(forms.Form):
    handover_note = forms.CharField(
        label=_("Handover note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "For whoever leads the community next: what is under way, what is planned, and anything they should know."
        ),
    )
