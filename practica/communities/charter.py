"""The charter: the 14 questions from the Community of Practice guidance, as one list that the charter
model, its form, a proposal and the charter page all read, so they never disagree.

Answers that are really settings (open or closed, maximum size, admission questions) are fields of the
community itself; the charter keeps the words around them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CharterQuestion:
    field: str
    number: int
    question: str
    hint: str = ""


CHARTER_QUESTIONS = (
    CharterQuestion("focus", 1, _("What is the focus of the community?")),
    CharterQuestion("purpose", 2, _("What is its purpose?")),
    CharterQuestion(
        "leadership", 3, _("Who leads it, and what are their responsibilities?"), _("Name the champion(s).")
    ),
    CharterQuestion("aims", 4, _("What are its aims and objectives?")),
    CharterQuestion(
        "openness", 5, _("Is it open or closed, and why?"), _("The setting itself is chosen below the charter.")
    ),
    CharterQuestion(
        "ideal_size", 6, _("How many members would you ideally like?"), _("A maximum size is a setting below.")
    ),
    CharterQuestion(
        "meeting_pattern",
        7,
        _("When do you meet, how often, for how long and where? How far ahead are dates set?"),
        _("For example: the first Tuesday of each month, 7–8.30pm, online; dates set three months ahead."),
    ),
    CharterQuestion("commitment", 8, _("What commitment do you expect in attendance and participation?")),
    CharterQuestion("meeting_structure", 9, _("How are meetings structured? Who chairs and sets the agenda?")),
    CharterQuestion("costs", 10, _("Are there any costs, and how will they be met?")),
    CharterQuestion("admission_procedure", 11, _("What is the procedure for admitting new members?")),
    CharterQuestion(
        "values",
        12,
        _("What are the community's values?"),
        _("For example confidentiality, inclusivity, evidence-based and ethical practice, CPD."),
    ),
    CharterQuestion("communication", 13, _("How will members communicate with each other?")),
    CharterQuestion("conflicts", 14, _("How will conflicts be addressed?")),
)
CHARTER_FIELDS = tuple(question.field for question in CHARTER_QUESTIONS)
