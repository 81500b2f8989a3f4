"""Survey results: response rate, distributions, mean and NPS, the 5-response threshold for free text and for
comparisons between communities, the CSV export, and the figures the board report receives."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from practica.core.models import AuditEntry
from practica.surveys.reports import survey_results_for_period
from practica.surveys.results import MIN_GROUP, net_promoter_score, summarise
from tests.helpers import count_queries
from tests.surveys.conftest import answer_as, days, make_survey, many_members


def test_the_net_promoter_score_is_promoters_minus_detractors_in_percent():
    assert net_promoter_score(promoters=5, detractors=2, answered=10) == 30
    assert net_promoter_score(promoters=0, detractors=4, answered=4) == -100
    assert net_promoter_score(promoters=0, detractors=0, answered=0) is None


def test_results_show_rate_distribution_mean_and_nps(staff, staff_client, ward):
    members = many_members(ward, 8)
    survey = make_survey(staff, questions=("likert", "nps"), audience_kind="community", community=ward)
    scores = [(5, 10), (4, 9), (4, 8), (2, 3)]
    for person, (likert, nps) in zip(members, scores, strict=False):
        answer_as(person, survey, likert=likert, nps=nps)
    summary = summarise(survey)
    likert, nps = summary.questions
    assert likert.mean == 3.8 and likert.answered == 4
    assert [bar.count for bar in likert.bars] == [0, 1, 0, 2, 1]
    assert (nps.promoters, nps.passives, nps.detractors, nps.nps) == (2, 1, 1, 25)
    page = staff_client.get(reverse("surveys:results", args=[survey.pk])).text
    assert "50% of 8 members invited" in page
    assert "Net Promoter Score: 25" in page
    assert "Mean: 3.8" in page
    assert "<svg" in page and "<title" in page and "<desc" in page
    assert "4 – Agree" in page  # the data table beside the chart


def test_free_text_is_hidden_below_five_answers_and_listed_from_five(staff, staff_client, ward):
    members = many_members(ward, MIN_GROUP)
    survey = make_survey(staff, questions=("text",), audience_kind="community", community=ward)
    for index, person in enumerate(members[: MIN_GROUP - 1]):
        answer_as(person, survey, text=f"Honest answer {index}")
    url = reverse("surveys:results", args=[survey.pk])
    page = staff_client.get(url).text
    assert "Too few answers to show" in page and "Honest answer" not in page
    export = staff_client.get(reverse("surveys:results-csv", args=[survey.pk])).content.decode()
    assert "Honest answer" not in export
    answer_as(members[-1], survey, text="The fifth answer")
    page = staff_client.get(url).text
    assert "The fifth answer" in page and "Honest answer 0" in page
    assert "Too few answers to show" not in page


def test_communities_with_fewer_than_five_responses_are_not_shown_on_their_own(
    staff, staff_client, division, ward, nurse
):
    from tests.factories import CommunityFactory

    small = CommunityFactory(name="Small Ward", division=division)
    big_group = many_members(ward, MIN_GROUP)
    small_group = many_members(small, MIN_GROUP - 1)
    survey = make_survey(staff, questions=("likert", "nps"), audience_kind="division", division=division)
    for person in big_group:
        answer_as(person, survey, likert=4, nps=10, community=ward)
    for person in small_group:
        answer_as(person, survey, likert=1, nps=0, community=small)
    # Five hidden in all (four in Small Ward, one who named no community): the totals hide them together.
    answer_as(nurse, survey, likert=2, nps=5)
    rows = {row.name: row for row in summarise(survey).communities}
    assert rows["Hospital Counsellors"].shown and rows["Hospital Counsellors"].scores == ["4.0", "NPS +100"]
    assert not rows["Small Ward"].shown and rows["Small Ward"].scores == []
    page = staff_client.get(reverse("surveys:results", args=[survey.pk])).text
    assert "Communities compared" in page
    assert "Too few responses to show" in page
    assert "NPS -100" not in page and "1.0" not in page.split("Communities compared")[1]
    export = staff_client.get(reverse("surveys:results-csv", args=[survey.pk])).content.decode()
    assert "Too few responses to show" in export and "NPS -100" not in export


def test_a_respondent_can_only_name_one_of_their_own_communities(staff, division, ward, rural, nurse):
    survey = make_survey(staff, questions=("likert",), audience_kind="division", division=division)
    answer_as(nurse, survey, community=rural)
    assert survey.responses.get().community is None


def test_the_csv_has_every_figure_and_is_logged(staff, staff_client, ward):
    members = many_members(ward, 2)
    survey = make_survey(staff, questions=("single",), audience_kind="community", community=ward)
    answer_as(members[0], survey, single=1)
    answer_as(members[1], survey, single=1)
    response = staff_client.get(reverse("surveys:results-csv", args=[survey.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["answer", "A single question", "Papers", "2", "1.000", "", ""] in rows
    assert AuditEntry.objects.filter(action="survey.results_exported").exists()


def test_the_results_page_costs_the_same_with_few_and_many_responses(staff, staff_client, division, ward):
    survey = make_survey(
        staff, questions=("likert", "nps", "single", "multiple", "text"), audience_kind="division", division=division
    )
    members = many_members(ward, 30)
    # From MIN_GROUP responses up, free text and the community figures each add their one query.
    for person in members[:MIN_GROUP]:
        answer_as(person, survey, community=ward)
    url = reverse("surveys:results", args=[survey.pk])
    staff_client.get(url)
    with count_queries() as few:
        staff_client.get(url)
    for person in members[MIN_GROUP:]:
        answer_as(person, survey, community=ward)
    with count_queries() as many:
        staff_client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


# The board report's view of the same results.


def test_survey_results_for_a_period_list_closed_surveys_only(staff, ward, time_machine):
    members = many_members(ward, 6)
    closed = make_survey(
        staff, title="Spring check", questions=("likert", "text"), audience_kind="community", community=ward
    )
    for person in members:
        answer_as(person, closed, likert=4, text="Good")
    make_survey(staff, title="Still open", questions=("likert",), opens_on=days(0), closes_on=days(40))
    type(closed).objects.filter(pk=closed.pk).update(closes_on=days(0))
    time_machine.move_to(timezone.now() + timezone.timedelta(days=2))
    results = survey_results_for_period(days(-30), days(30))
    assert [r["title"] for r in results] == ["Spring check"]
    result = results[0]
    assert result["audience"] == "Community: Hospital Counsellors"
    assert result["responses"] == 6 and result["response_rate"] == 1.0
    likert, text = result["questions"]
    assert likert["mean"] == 4.0 and likert["distribution"][3]["count"] == 6
    assert text["texts"] == ["Good"] * 6
    assert result["headline"] == "6 responses from 6 members invited (100%). “A likert question”: mean 4.0 of 5."
    assert survey_results_for_period(days(5), days(30)) == []


# Complementary suppression: what is hidden can never be worked out by subtracting what is shown.


def _possible_hidden_answers(overall: list[int], shown: dict[int, float], hidden_sizes: dict[str, int]) -> dict:
    """Every answer each hidden group could have given, given what the page shows: the overall answers (the
    distribution) and each shown group's size and mean (to one decimal). Brute force over every way of
    taking the shown groups' answers out of the overall ones."""
    from itertools import combinations

    possible: dict[str, set] = {name: set() for name in hidden_sizes}

    def take(remaining: list[int], groups: list[tuple[int, float]]):
        if not groups:
            yield remaining
            return
        (size, mean), rest = groups[0], groups[1:]
        for chosen in set(combinations(sorted(remaining), size)):
            if f"{sum(chosen) / size:.1f}" == f"{mean:.1f}":
                left = list(remaining)
                for value in chosen:
                    left.remove(value)
                yield from take(left, rest)

    for left in take(overall, list(shown.items()) if isinstance(shown, dict) else shown):
        for name in hidden_sizes:
            possible[name] |= set(left)
    return possible


def test_hiding_one_small_community_hides_the_next_smallest_so_the_totals_give_nothing_away(
    staff, staff_client, division, ward
):
    from tests.factories import CommunityFactory

    day_unit = CommunityFactory(name="Day Unit", division=division)
    small = CommunityFactory(name="Small Ward", division=division)
    survey = make_survey(staff, questions=("likert",), audience_kind="division", division=division)
    for person in many_members(ward, 6):
        answer_as(person, survey, likert=4, community=ward)
    for person in many_members(day_unit, MIN_GROUP):
        answer_as(person, survey, likert=5, community=day_unit)
    (lonely,) = many_members(small, 1)
    answer_as(lonely, survey, likert=1, community=small)

    summary = summarise(survey)
    rows = {row.name: row for row in summary.communities}
    assert rows["Hospital Counsellors"].shown and rows["Hospital Counsellors"].scores == ["4.0"]
    # Day Unit has enough responses, but showing it would leave Small Ward's one answer as the remainder.
    assert not rows["Day Unit"].shown and rows["Day Unit"].scores == []
    assert "smaller groups" in rows["Day Unit"].note
    assert not rows["Small Ward"].shown and rows["Small Ward"].note == "Too few responses to show"

    # Whatever a reader subtracts, the lone answer stays one of several possibilities.
    (likert,) = summary.questions
    overall = [number for number, bar in zip(range(1, 6), likert.bars, strict=True) for _ in range(bar.count)]
    shown = [(row.responses, float(row.scores[0])) for row in summary.communities if row.shown]
    hidden_people = sum(row.responses for row in summary.communities if not row.shown)
    assert hidden_people >= MIN_GROUP
    possible = _possible_hidden_answers(overall, shown, {"Small Ward": 1})
    assert len(possible["Small Ward"]) > 1

    page = staff_client.get(reverse("surveys:results", args=[survey.pk])).text.split("Communities compared")[1]
    assert "5.0" not in page and "1.0" not in page
    export = staff_client.get(reverse("surveys:results-csv", args=[survey.pk])).content.decode()
    assert "smaller groups" in export and "5.0" not in export


def test_without_complementary_suppression_the_lone_answer_would_be_found(staff, division, ward):
    """The check above has teeth: had both big groups been shown, the subtraction names the lone answer."""
    overall = [1] + [4] * 6 + [5] * 5
    possible = _possible_hidden_answers(overall, [(6, 4.0), (5, 5.0)], {"Small Ward": 1})
    assert possible["Small Ward"] == {1}


def test_a_figure_answered_by_too_few_in_a_shown_community_is_hidden_with_its_complement(staff, division, ward):
    from practica.surveys.services.surveys import add_question, publish_survey
    from practica.surveys.services.surveys import submit_response as submit
    from tests.factories import CommunityFactory

    day_unit = CommunityFactory(name="Day Unit", division=division)
    survey = make_survey(staff, questions=("likert",), audience_kind="division", division=division, publish=False)
    optional = add_question(actor=staff, survey=survey, kind="nps", prompt="Recommend?", required=False)
    survey = publish_survey(actor=staff, survey=survey)
    (likert,) = [q for q in survey.questions.all() if q.kind == "likert"]
    ward_people, unit_people = many_members(ward, 6), many_members(day_unit, 6)
    for person in ward_people:
        submit(member=person, survey=survey, answers={likert.pk: 4, optional.pk: 9}, community=ward)
    for index, person in enumerate(unit_people):
        # Only one Day Unit respondent answers the optional question.
        answers = {likert.pk: 3} | ({optional.pk: 0} if index == 0 else {})
        submit(member=person, survey=survey, answers=answers, community=day_unit)
    rows = {row.name: row for row in summarise(survey).communities}
    assert rows["Hospital Counsellors"].scores[0] == "4.0" and rows["Day Unit"].scores[0] == "3.0"
    # One NPS answer in Day Unit: hidden; and Hospital Counsellors' NPS with it, or the overall would tell.
    assert rows["Day Unit"].scores[1] == "Too few answers"
    assert rows["Hospital Counsellors"].scores[1] == "Too few answers"
