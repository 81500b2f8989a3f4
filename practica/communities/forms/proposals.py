"""Forms for proposing a community, its charter, and for staff reviewing proposals."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from practica.accounts.models import User
from practica.communities.charter import CHARTER_FIELDS, CHARTER_QUESTIONS
from practica.communities.choices import MeetingMode, Membership, ProposalStatus
from practica.communities.models import Community, Division

# A proposal names a handful of people; the cap keeps the look-up one bounded query.
MAX_PEOPLE = 20


def find_members_by_email(viewer, text: str) -> tuple[list, list[str]]:
    """The members named by e-mail address (one per line, or separated by commas or spaces), and the
    addresses that matched nobody. Only members the viewer may find in the directory can be named, so this
    box cannot be used to test whether an unlisted person has an account (SECURITY.md, channel 4)."""
    addresses = []
    for address in text.replace(",", " ").split():
        address = address.strip().lower()
        if address and address not in addresses:
            addresses.append(address)
    problems = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            problems.append(address)
    addresses = [address for address in addresses if address not in problems][:MAX_PEOPLE]
    matches = Q(pk__in=[])
    for address in addresses:
        matches |= Q(email__iexact=address)
    found = {user.email.lower(): user for user in User.objects.visible_to(viewer).filter(matches)}
    people = [found[address] for address in addresses if address in found]
    problems += [address for address in addresses if address not in found]
    return people, problems


def division_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Division"),
        queryset=Division.objects.filter(archived_at__isnull=True),
        required=False,
        empty_label=_("No division"),
        **kwargs,
    )


class CharterFieldsMixin:
    """Adds the charter's 14 questions (from charter.CHARTER_QUESTIONS, the one list), meeting mode and the
    code-of-conduct agreement to a form, and gathers the answers into the dict that services store."""

    charter_required = False

    def add_charter_fields(self) -> None:
        for question in CHARTER_QUESTIONS:
            self.fields[question.field] = forms.CharField(
                label=f"{question.number}. {question.question}",
                help_text=question.hint,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["meeting_mode"] = forms.ChoiceField(
            label=_("How do you meet?"), choices=MeetingMode.choices, initial=MeetingMode.ONLINE
        )
        self.fields["agrees_with_code_of_conduct"] = forms.BooleanField(
            label=_(
                "The community's values are consistent with the association's professional guidelines and code "
                "of conduct, and members will practise safely with respect for one another."
            ),
            required=self.charter_required,
        )

    @property
    def charter_field_names(self) -> tuple[str, ...]:
        return (*CHARTER_FIELDS, "meeting_mode", "agrees_with_code_of_conduct")

    def charter_fields(self):
        return [self[name] for name in self.charter_field_names]

    def charter_answers(self) -> dict:
        answers = {field: self.cleaned_data.get(field, "").strip() for field in CHARTER_FIELDS}
        answers["meeting_mode"] = self.cleaned_data.get("meeting_mode") or MeetingMode.ONLINE
        answers["agrees_with_code_of_conduct"] = bool(self.cleaned_data.get("agrees_with_code_of_conduct"))
        return answers


class ProposalForm(CharterFieldsMixin, forms.Form):
    """A member's proposal. Explicit fields only: status, proposer and the community are never taken from input."""

    charter_required = True
    ABOUT_FIELDS = ("name", "division", "short_description", "description", "why_needed")
    SETTINGS_FIELDS = ("membership", "max_members", "admission_questions")
    PEOPLE_FIELDS = ("i_will_champion", "other_champions", "cosigners")

    name = forms.CharField(label=_("Name of the community"), max_length=120)
    short_description = forms.CharField(
        label=_("Short description"), max_length=200, help_text=_("One sentence for the directory.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Markdown.")
    )
    why_needed = forms.CharField(
        label=_("Why is this community needed?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who would it help, and why is no existing community the right place?"),
    )
    membership = forms.ChoiceField(label=_("Membership"), choices=Membership.choices, initial=Membership.OPEN)
    max_members = forms.IntegerField(
        label=_("Maximum number of members"), required=False, min_value=2, help_text=_("Leave empty for no limit.")
    )
    admission_questions = forms.CharField(
        label=_("Questions for people asking to join"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Closed communities only. One question per line."),
    )
    i_will_champion = forms.BooleanField(label=_("I will be a champion of this community"), required=False)
    other_champions = forms.CharField(
        label=_("Other champions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The e-mail addresses of members who will lead it with you, one per line."),
    )
    cosigners = forms.CharField(
        label=_("Members who support the proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Their e-mail addresses, one per line. Each is asked to confirm their support."),
    )

    def __init__(self, *args, proposer, with_cosigners: bool = True, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("i_will_champion", True)
        super().__init__(*args, **kwargs)
        self.proposer = proposer
        self.fields["division"] = division_field()
        self.order_fields(["name", "division"])
        self.add_charter_fields()
        if not with_cosigners:
            del self.fields["cosigners"]

    def _fields(self, names):
        return [self[name] for name in names if name in self.fields]

    def about_fields(self):
        return self._fields(self.ABOUT_FIELDS)

    def settings_fields(self):
        return self._fields(self.SETTINGS_FIELDS)

    def people_fields(self):
        return self._fields(self.PEOPLE_FIELDS)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Community.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("A community with this name already exists. Please choose another name."))
        return name

    def _people(self, field: str) -> list:
        text = self.cleaned_data.get(field, "")
        if len(text.replace(",", " ").split()) > MAX_PEOPLE:
            self.add_error(field, _("Name at most %(count)s people.") % {"count": MAX_PEOPLE})
            return []
        people, problems = find_members_by_email(self.proposer, text)
        if problems:
            self.add_error(
                field,
                _("We could not find a member with these e-mail addresses: %(addresses)s.")
                % {"addresses": ", ".join(problems)},
            )
        return people

    def clean(self):
        cleaned = super().clean()
        champions = [person for person in self._people("other_champions") if person.pk != self.proposer.pk]
        if cleaned.get("i_will_champion"):
            champions.insert(0, self.proposer)
        if not champions and "other_champions" not in self.errors:
            self.add_error("other_champions", _("Name at least one champion, or champion it yourself."))
        cleaned["champions"] = champions
        if "cosigners" in self.fields:
            cleaned["cosigner_users"] = [p for p in self._people("cosigners") if p.pk != self.proposer.pk]
        if cleaned.get("membership") == Membership.OPEN and (cleaned.get("admission_questions") or "").strip():
            self.add_error("admission_questions", _("Only closed communities ask questions of people joining."))
        return cleaned

    def proposal_fields(self) -> dict:
        """The keyword arguments for services.proposals.submit_proposal / revise_proposal."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "division": data["division"],
            "short_description": data["short_description"].strip(),
            "description": data["description"].strip(),
            "why_needed": data["why_needed"].strip(),
            "membership": data["membership"],
            "max_members": data["max_members"],
            "admission_questions": data["admission_questions"].strip(),
            "charter": self.charter_answers(),
        }

    @classmethod
    def initial_from(cls, proposal) -> dict:
        """What an existing proposal looks like in this form, so the proposer revises rather than retypes."""
        champions = list(proposal.champions.all())
        initial = {
            "name": proposal.name,
            "division": proposal.division_id,
            "short_description": proposal.short_description,
            "description": proposal.description,
            "why_needed": proposal.why_needed,
            "membership": proposal.membership,
            "max_members": proposal.max_members,
            "admission_questions": proposal.admission_questions,
            "i_will_champion": any(person.pk == proposal.proposer_id for person in champions),
            "other_champions": "\n".join(p.email for p in champions if p.pk != proposal.proposer_id),
        }
        charter = proposal.charter or {}
        for field in CHARTER_FIELDS:
            initial[field] = charter.get(field, "")
        initial["meeting_mode"] = charter.get("meeting_mode") or MeetingMode.ONLINE
        initial["agrees_with_code_of_conduct"] = bool(charter.get("agrees_with_code_of_conduct"))
        return initial


class ProposalEditForm(ProposalForm):
    """The same form for a revision: the proposal's own name does not count as taken."""

    def __init__(self, *args, proposal, **kwargs):
        self.proposal = proposal
        super().__init__(*args, proposer=proposal.proposer, with_cosigners=False, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Community.objects.filter(name__iexact=name)
        if self.proposal.community_id:
            taken = taken.exclude(pk=self.proposal.community_id)
        if taken.exists():
            raise ValidationError(_("A community with this name already exists. Please choose another name."))
        return name


REVIEW_STATUSES = (
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.NEEDS_CHANGES,
    ProposalStatus.APPROVED,
    ProposalStatus.DECLINED,
)


class ProposalReviewForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[(status.value, status.label) for status in REVIEW_STATUSES],
        help_text=_("Approving creates the community, with this charter and these champions, straight away."),
    )
    comment = forms.CharField(
        label=_("Comment to the proposer"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for changes: say what needs to change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ProposalStatus.NEEDS_CHANGES and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Tell the proposer what needs to change."))
        return cleaned


QUEUE_FILTERS = [
    ("open", _("Waiting for a decision")),
    *ProposalStatus.choices,
    ("all", _("All proposals")),
]


class ProposalQueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), choices=QUEUE_FILTERS, required=False)

    def status_filter(self) -> str:
        if not self.is_valid():
            return "open"
        return self.cleaned_data.get("status") or "open"
