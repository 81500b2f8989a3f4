"""Demo data for cases and reports: one open report with a snapshot of the post it links to, and one case
with notes. Called from moderation's demo.load(); safe to run again."""

from practica.accounts.models import User
from practica.discussions.models import Post
from practica.moderation.models import Case, Report

REPORT_DETAILS = "A member keeps replying to my posts with sarcastic remarks. The latest one is linked below."
CASE_TITLE = "Repeated sarcastic replies to one member"


def load_cases() -> None:
    from practica.moderation.services.cases import add_case_note, open_case
    from practica.moderation.services.reports import submit_report

    staff = User.objects.filter(role="staff").order_by("pk").first()
    post = Post.objects.filter(number__gt=1, deleted_at__isnull=True, hidden_at__isnull=True).order_by("pk").first()
    if staff is None or post is None:
        return
    reporter = (
        User.objects.filter(role="member", community_memberships__community=post.topic.community)
        .exclude(pk=post.author_id)
        .order_by("pk")
        .first()
    )
    if reporter is not None and not Report.objects.filter(details=REPORT_DETAILS).exists():
        submit_report(reporter=reporter, category="bullying", details=REPORT_DETAILS, links=[f"/posts/{post.pk}/"])
    if not Case.objects.filter(title=CASE_TITLE).exists():
        case = open_case(actor=staff, member=post.author, title=CASE_TITLE)
        add_case_note(actor=staff, case=case, text="Spoke with the member by phone; they agreed to keep replies kind.")
        add_case_note(actor=staff, case=case, text="Checked a fortnight later: no further concerns raised.")
