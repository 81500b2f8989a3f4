"""The client-confidentiality check: details in a text that could identify a client.

Pure functions, no models: the writing views call `find_identifying_details` as a member writes (htmx) and
again on submit, and show what was found with the guideline 'anonymise client information if discussing
cases'. The check is advice, not censorship: the member can edit or post anyway (DESIGN.md, "Text").

What is found (docs/safeguarding.md has the measured precision and recall, and the known limits):

- nhs_number     10 digits passing the modulus-11 check, plain or grouped 3-3-4 with spaces or hyphens;
- date_of_birth  an exact date (day, month and year) next to 'client', 'patient', 'supervisee', 'service user',
                 'born', 'DOB' or 'birthday'; a day and month without a year only next to 'born', 'DOB' or
                 'birthday';
- postcode       a full UK postcode in capitals (lower case only straight after the word 'postcode');
- phone          UK landline (01, 02) and mobile (07) numbers, also as +44 or 0044; not 03, 08 or 116
                 numbers, which belong to organisations and helplines;
- email          e-mail addresses, except role addresses such as info@ or enquiries@;
- full_name      two or three capitalised words (or Mr/Mrs/Ms/Dr and a surname) close to 'client', 'patient',
                 'supervisee' or 'service user', unless a word like 'supervisor' or 'colleague' is closer, and
                 never the well-known names of the field (Rogers, Freud, Winnicott ...).

Everything is checked, code spans and blocks included: a client's details are as identifying there.
"""

import html
import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NHS_NUMBER = "nhs_number"
DATE_OF_BIRTH = "date_of_birth"
POSTCODE = "postcode"
PHONE = "phone"
EMAIL = "email"
FULL_NAME = "full_name"

KINDS = (NHS_NUMBER, DATE_OF_BIRTH, POSTCODE, PHONE, EMAIL, FULL_NAME)
# The identifiers with a fixed format (full names are a judgement from context).
STRUCTURED_KINDS = (NHS_NUMBER, DATE_OF_BIRTH, POSTCODE, PHONE, EMAIL)

KIND_LABELS: dict[str, Promise] = {
    NHS_NUMBER: _("NHS number"),
    DATE_OF_BIRTH: _("Date of birth or exact date"),
    POSTCODE: _("Postcode"),
    PHONE: _("Phone number"),
    EMAIL: _("E-mail address"),
    FULL_NAME: _("Full name"),
}

EXPLANATIONS: dict[str, Promise] = {
    NHS_NUMBER: _("This looks like an NHS number: 10 digits with a valid check digit."),
    DATE_OF_BIRTH: _(
        "This looks like a date of birth, or an exact date next to a word like ‘client’, ‘patient’ or ‘born’."
    ),
    POSTCODE: _("This looks like a UK postcode, which can narrow someone down to a few houses."),
    PHONE: _("This looks like a UK phone number."),
    EMAIL: _("This looks like an e-mail address."),
    FULL_NAME: _("This looks like a person’s full name next to a word like ‘client’, ‘patient’ or ‘supervisee’."),
}


@dataclass(frozen=True)
class Finding:
    """One detail that could identify someone: what kind, the text as typed, where it is, and why it counts."""

    kind: str
    text: str
    start: int
    end: int
    explanation: Promise | str

    @property
    def label(self) -> Promise | str:
        return KIND_LABELS[self.kind]


# NHS numbers.


def nhs_number_is_valid(number: str) -> bool:
    """The modulus-11 check: weights 10 down to 2 on the first nine digits; 11 minus the remainder (11 reads
    as 0) must equal the tenth digit, and a result of 10 is never valid."""
    digits = re.sub(r"[\s-]", "", number)
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_NHS = re.compile(r"(?<!\d)(?<!\d[ -])\d{3}([ -]?)\d{3}\1\d{4}(?![ -]?\d)")


# An ISBN-10 uses the same modulus-11 check, so every ISBN-10 of digits alone passes as an NHS number.
_ISBN_BEFORE = re.compile(r"ISBN(?:-10)?[:\s]*$", re.IGNORECASE)


def _nhs_numbers(text: str):
    for match in _NHS.finditer(text):
        if _ISBN_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        if nhs_number_is_valid(match.group(0)):
            yield NHS_NUMBER, match.start(), match.end()


# Phone numbers: a national number of 9 or 10 digits after 0, +44 or 0044, starting 1, 2 (landlines) or 7
# (mobiles); groups may be separated by a space or a hyphen, and the area code may be in brackets.

_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)\s?44[ -]?(?:\(0\)[ -]?)?|\(0|0)"
    r"[127](?:(?:\)[ -]?|[ -])?\d){8,9}"
    r"(?![\d])"
)


def _phones(text: str):
    for match in _PHONE.finditer(text):
        value = match.group(0)
        if ")" in value and "(" not in value:
            continue
        yield PHONE, match.start(), match.end()


# E-mail addresses (a role address such as info@ belongs to an organisation, not a person).

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
ROLE_ADDRESSES = frozenset(
    {
        "admin",
        "bookings",
        "contact",
        "enquiries",
        "enquiry",
        "ethics",
        "events",
        "hello",
        "help",
        "info",
        "membership",
        "no-reply",
        "noreply",
        "office",
        "reception",
        "research",
        "safeguarding",
        "support",
        "team",
    }
)


def _emails(text: str):
    for match in _EMAIL.finditer(text):
        if match.group(0).split("@", 1)[0].lower() in ROLE_ADDRESSES:
            continue
        yield EMAIL, match.start(), match.end()


# UK postcodes: the outward code (area, district, optional sub-district) and the inward code (a digit and two
# letters from the letters Royal Mail uses there).

_OUTWARD = r"(?:[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y]?[0-9]{1,2})"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"(?<![A-Za-z0-9])(?:{_OUTWARD}\s?{_INWARD}|GIR\s?0AA)(?![A-Za-z0-9])")
_POSTCODE_AFTER_WORD = re.compile(
    rf"\bpost\s?codes?\b[\s:,-]{{0,5}}(?:is\s+|was\s+)?(?P<code>{_OUTWARD}\s?{_INWARD})(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def _postcodes(text: str):
    for match in _POSTCODE.finditer(text):
        yield POSTCODE, match.start(), match.end()
    for match in _POSTCODE_AFTER_WORD.finditer(text):
        yield POSTCODE, match.start("code"), match.end("code")


# Dates next to words about a client or a birth.

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)[0-9]{2}"
_DATE_WITH_YEAR = re.compile(
    r"(?<![\w/.-])(?:"
    rf"{_DAY}(?P<sep>[/.-])(?:0?[1-9]|1[0-2])(?P=sep)(?:{_YEAR}|[0-9]{{2}})"
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    rf"|{_DAY}{_ORDINAL}\s+(?:of\s+)?{_MONTHS},?\s+{_YEAR}"
    rf"|{_MONTHS}\s+{_DAY}{_ORDINAL},?\s+{_YEAR}"
    r")(?![\w/]|[.-][0-9])"
)
_DATE_WITHOUT_YEAR = re.compile(
    rf"(?<![\w/.-])(?:{_DAY}{_ORDINAL}\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+{_DAY}{_ORDINAL}"
    r"|(?:0?[1-9]|[12][0-9]|3[01])/(?:0?[1-9]|1[0-2]))(?![\w/])"
)
_BIRTH_WORDS = re.compile(r"\b(?:born|d\.?o\.?b\b\.?|date of birth|birthday|birth date)", re.IGNORECASE)
# Singular only next to dates: 'working with clients on 12 March 2025' is about an event, not a person.
_CLIENT_WORDS = re.compile(
    r"\b(?:client|patient|supervisee|service user|counsellee|young person)(?:['’]s)?\b", re.IGNORECASE
)
# Plural too next to names: 'Sarah O'Connor, one of my clients'.
_CLIENT_WORDS_FOR_NAMES = re.compile(
    r"\b(?:client|patient|supervisee|service user|counsellee|young person)(?:s|['’]s|s['’])?\b", re.IGNORECASE
)
DATE_WINDOW = 45


def _near(pattern: re.Pattern, text: str, start: int, end: int, before: int, after: int) -> bool:
    """Whether `pattern` occurs within `before` characters before or `after` characters after text[start:end]
    (not across a blank line)."""
    left = text[max(0, start - before) : start].rsplit("\n\n", 1)[-1]
    right = text[end : end + after].split("\n\n", 1)[0]
    return bool(pattern.search(left) or pattern.search(right))


def _dates(text: str):
    taken = []
    for match in _DATE_WITH_YEAR.finditer(text):
        start, end = match.start(), match.end()
        taken.append((start, end))
        near_birth = _near(_BIRTH_WORDS, text, start, end, DATE_WINDOW, DATE_WINDOW)
        if near_birth or _near(_CLIENT_WORDS, text, start, end, DATE_WINDOW, DATE_WINDOW):
            yield DATE_OF_BIRTH, start, end
    for match in _DATE_WITHOUT_YEAR.finditer(text):
        start, end = match.start(), match.end()
        if any(s <= start < e for s, e in taken):
            continue
        if _near(_BIRTH_WORDS, text, start, end, DATE_WINDOW, 25):
            yield DATE_OF_BIRTH, start, end


# Full names next to a client word.

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# A name, a title (Mr, Dr. ...) or an initial (J.); runs of them on one line are the candidates.
_NAME_WORD = (
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?(?=[ \t])"
    rf"|(?:Mc|Mac|O['’]|D['’])?[{_UPPER}][{_LOWER}]+(?:['’-][{_UPPER}][{_LOWER}]+)*"
    rf"|[{_UPPER}]\.(?=[ \t]))"
)
_NAME_RUN = re.compile(rf"(?<![\w@#/.-]){_NAME_WORD}(?:[ \t]+{_NAME_WORD})+(?![\w@])")
TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof"})
# The nearest role word decides who a name belongs to: a client's, or a colleague's, a supervisor's ...
_OTHER_ROLE_WORDS = re.compile(
    r"\b(?:supervisor|colleague|tutor|lecturer|trainer|author|writer|manager|mentor|champion|counsellor|"
    r"therapist|psychotherapist|psychologist|psychiatrist|presenter|speaker|researcher|facilitator|"
    r"chair|lead|teacher|professor|founder|book|books|paper|article|model|theory|approach)s?\b",
    re.IGNORECASE,
)
_ANONYMISED = re.compile(
    r"\b(?:not (?:his|her|their|the|my client['’]s) real name|pseudonym|names? (?:changed|altered)|made[- ]up name)",
    re.IGNORECASE,
)
NAME_BEFORE_WINDOW = 45
NAME_AFTER_WINDOW = 30

# Well-known people in counselling and psychotherapy: reading and quoting them is not a disclosure. Distinctive
# surnames count on their own ("Rogers", "Carl Rogers"); common surnames only with the first name.
WELL_KNOWN_SURNAMES = frozenset(
    """
    Adler Ainsworth Bandura Bateman Beck Berne Bion Bowen Bowlby Casement Clarkson Deurzen Egan Ellis Erikson
    Erskine Fairbairn Fonagy Frankl Freud Gendlin Gottman Guntrip Horney Joines Jung Kabat-Zinn Karpman Kernberg
    Klein Kohut Kolk Lacan Linehan Maslow Maté Mearns Minuchin Neff Ogden Padesky Perls Porges Rogers Rothschild
    Satir Schore Shohet Spinelli Thorne Winnicott Yalom
    """.split()  # noqa: SIM905 - easier to read and extend as words
)
WELL_KNOWN_FULL_NAMES = frozenset(
    {
        "Brené Brown",
        "Brene Brown",
        "David Clark",
        "Mick Cooper",
        "Deb Dana",
        "Paul Gilbert",
        "Peter Hawkins",
        "Steven Hayes",
        "Judith Herman",
        "Sue Johnson",
        "Susan Johnson",
        "Peter Levine",
        "Mary Main",
        "Rollo May",
        "Francine Shapiro",
        "Dan Siegel",
        "Daniel Siegel",
        "Claude Steiner",
        "Ian Stewart",
        "Adrian Wells",
        "Jeffrey Young",
        "Janina Fisher",
        "Gabor Maté",
        "Gabor Mate",
        "Babette Rothschild",
        "Emmy van Deurzen",
        "Bessel van der Kolk",
    }
)
# Capitalised words that are not names: sentence openings, days and months, places, services and approaches.
NOT_NAMES = frozenset(
    """
    A About After Afterwards Again Also Although Am An And Another Any Anyone Anything Are As At Back Because Been
    Before Being Both But By Can Could Currently Dear Despite Did Do Does Doing During Each Either Even Ever
    Every Everyone Feeling Finally First For From Given Had Has Have Having He Hello Her Here Hers Herself Hi
    Him His How However I If In Initially Instead Is It Its Just Last Later Let Lately Like Many Maybe Me Might
    More Most Much Must My Next No None Nor Not Now Of Often On Once One Only Or Other Our Over Perhaps Please
    Previously Quite Rather Really Recently Regards Re Same Say Second Several She Should Since So Some
    Someone Something Sometimes Still Such Thank Thanks That The Their Them Then There These They This Those
    Though Through Thus To Today Together Tomorrow Tonight Too Two Three Under Until Up Upon Us Very Was We Week
    Were What When Where Whether Which While Who Whom Why With Within Without Would Yes Yesterday Yet You
    Your Anyway Basically Honestly Hopefully Interestingly Luckily Sadly Unfortunately Fortunately Overall
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December Christmas Easter Ramadan Diwali Eid Hanukkah New Year
    Client Clients Patient Patients Supervisee Supervisees Service User Users Counsellor Counsellors Therapist
    Therapists Supervisor Supervisors Supervision Colleague Colleagues Member Members Champion Community
    Communities Practice Practitioner Practitioners Session Sessions Assessment Referral Contract Case Cases
    Mental Health Trust Hospital University College School Centre Center Service Services Team Clinic
    Council Board Society Association Institute Foundation Charity Department Ward Unit Surgery Network
    Framework Ethical Ethics Good Guidance Guidelines Policy Code Conduct Standards Register Registered
    Therapy Therapies Counselling Psychotherapy Psychology Psychiatry Psychodynamic Psychoanalytic
    Person Centred Centered Gestalt Transactional Analysis Cognitive Behavioural Behavioral Dialectical
    Compassion Focused Focussed Emotion Internal Family Systems Attachment Theory Integrative Humanistic
    Existential Solution Narrative Schema Acceptance Commitment Mindfulness Trauma Informed Sensorimotor
    Relational Brief Short Long Term Play Art Music Drama Couples Group Groups Individual Online Telephone
    Level Diploma Certificate Degree Masters Doctorate Course Module Training Workshop Conference Webinar
    Journal Review Book Chapter Part Section Appendix Figure Table Volume Edition Press Publishing
    North South East West Northern Southern Eastern Western Central Greater Upper Lower Old Great Little
    Saint St Road Street Avenue Close Drive Way Square Gardens House Court Place Crescent
    London England Scotland Wales Ireland Britain British United Kingdom UK English Scottish Welsh Irish
    Manchester Birmingham Leeds Bristol Liverpool Sheffield Glasgow Edinburgh Cardiff Belfast Newcastle
    Nottingham Leicester Brighton Oxford Cambridge York Sussex Surrey Essex Yorkshire Devon Cornwall
    Norfolk Suffolk Lancashire Cumbria Midlands Hampshire Dorset Somerset Wiltshire Berkshire Swansea
    Aberdeen Dundee Derby Coventry Plymouth Southampton Portsmouth Reading Norwich Exeter Bath Hull
    Samaritans Alcoholics Narcotics Anonymous Mind Childline Relate Cruse Tavistock Portman Maudsley Priory
    Rethink Shout Papyrus Victim
    Support Women Aid Refuge Barnardo Barnardo's Action Age Citizens Advice Google Zoom Teams Microsoft
    Word Outlook WhatsApp Facebook Instagram Twitter LinkedIn YouTube Apple Android Windows Notes Sent
    God Lord Jesus Christ Allah Buddha Bible Quran Prime Minister Government Parliament Act Law Court
    Care Early Help Child Children Adult Adults Youth Older People Social Work Worker Workers
    Probation Police Prison Crown Family Court Coroner Inquest Tribunal GP GPs Dr Doctor Nurse Nursing
    Accident Emergency Crisis Home Treatment Community Recovery Wellbeing Talking Therapies Improving Access
    Psychological Primary Secondary Specialist Eating Disorders Disorder Anxiety Depression Grief Loss
    Bereavement Addiction Recovery Autism ADHD Dyslexia Neurodivergent Pride History Month Awareness
    Week Day Anniversary Annual General Meeting Agenda Minutes Update Updates Note Notes Question Answer
    Edit Edited Reply Quote Post Posted Topic Title Tags Draft Preview Poll Research Call Study Survey
    Dissertation Thesis Project Data Protection Regulation Information Commissioner Office Consent Form
    Confidentiality Agreement Safeguarding Lead Designated Officer Local Authority Authorities Adult Social
    Sorry Wow Oh Ok Okay Congratulations Welcome Cheers Best Kind Warm Wishes Love Lots Many Thanks
    """.split()  # noqa: SIM905 - easier to read and extend as words
)


def _context_of_name(text: str, start: int, end: int) -> bool:
    """Whether a client word is near the name and nearer than any other role word (supervisor, colleague ...)."""
    left = text[max(0, start - NAME_BEFORE_WINDOW) : start].rsplit("\n\n", 1)[-1]
    right = text[end : end + NAME_AFTER_WINDOW].split("\n\n", 1)[0]
    distances = []
    for match in _CLIENT_WORDS_FOR_NAMES.finditer(left):
        distances.append((len(left) - match.end(), "client"))
    for match in _CLIENT_WORDS_FOR_NAMES.finditer(right):
        distances.append((match.start(), "client"))
    if not distances:
        return False
    for match in _OTHER_ROLE_WORDS.finditer(left):
        distances.append((len(left) - match.end(), "other"))
    for match in _OTHER_ROLE_WORDS.finditer(right):
        distances.append((match.start(), "other"))
    return min(distances)[1] == "client"


_NOT_NAMES_NOR_TITLES = NOT_NAMES - TITLES
_WORD = re.compile(r"\S+")


def _full_names(text: str):
    for match in _NAME_RUN.finditer(text):
        words = [
            (m.group(0).rstrip("."), match.start() + m.start(), match.start() + m.end())
            for m in _WORD.finditer(match.group(0))
        ]
        # Words that are not names are trimmed from either end ("Yesterday Jane Smith", "Jane Smith Today").
        while words and words[0][0] in _NOT_NAMES_NOR_TITLES:
            words.pop(0)
        while words and (words[-1][0] in NOT_NAMES or words[-1][0] in TITLES):
            words.pop()
        plain = [word for word, _start, _end in words]
        names = [word for word in plain if word not in TITLES and len(word) > 1]
        if not names or (len(names) < 2 and plain[0] not in TITLES):
            continue
        if any(word in _NOT_NAMES_NOR_TITLES or word in WELL_KNOWN_SURNAMES for word in plain):
            continue
        if " ".join(names) in WELL_KNOWN_FULL_NAMES:
            continue
        start, end = words[0][1], words[-1][2]
        # A quote's attribution line names a colleague: > **Maya Okafor** wrote in ...
        if re.match(r"\*{0,2}\s+wrote\b", text[end : end + 12]):
            continue
        if not _context_of_name(text, start, end):
            continue
        sentence_end = re.search(r"[.!?](?:\s|$)|\n", text[end:])
        sentence = text[max(0, start - 80) : end + (sentence_end.end() if sentence_end else 80)]
        if _ANONYMISED.search(sentence):
            continue
        yield FULL_NAME, start, end


# Putting it together.

# When two findings overlap, the longer one wins; on equal length, the earlier kind in this order.
_PRIORITY = {kind: rank for rank, kind in enumerate((NHS_NUMBER, EMAIL, PHONE, POSTCODE, DATE_OF_BIRTH, FULL_NAME))}
_DETECTORS = (_nhs_numbers, _emails, _phones, _postcodes, _dates, _full_names)


def find_identifying_details(text: str) -> list[Finding]:
    """Details in `text` that could identify a client, in the order they appear (none overlap)."""
    text = text or ""
    candidates = {(kind, start, end) for detector in _DETECTORS for kind, start, end in detector(text)}
    chosen: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(candidates, key=lambda c: (-(c[2] - c[1]), _PRIORITY[c[0]], c[1])):
        if all(end <= s or start >= e for _k, s, e in chosen):
            chosen.append((kind, start, end))
    chosen.sort(key=lambda c: c[1])
    return [Finding(kind, text[start:end], start, end, EXPLANATIONS[kind]) for kind, start, end in chosen]


def kinds_found(findings: list[Finding]) -> list[str]:
    """The kinds among `findings`, once each, in a fixed order (what is recorded: never the text itself)."""
    found = {finding.kind for finding in findings}
    return [kind for kind in KINDS if kind in found]


def highlighted_excerpt(text: str, finding: Finding, *, context: int = 40, hidden_label: str = "") -> str:
    """HTML of the finding in its surroundings: escaped text, the finding in <mark>, '…' where text is cut.

    `hidden_label`, when given, starts the <mark> as visually hidden words for screen readers (which do not
    announce <mark>), as <span class="visually-hidden">[found:] </span>. Every piece of text is escaped.
    """
    start = max(0, finding.start - context)
    end = min(len(text), finding.end + context)
    # Cut at a space where there is one, not in the middle of a word.
    if start > 0 and " " in text[start : finding.start]:
        start = text.index(" ", start, finding.start) + 1
    if end < len(text) and " " in text[finding.end : end]:
        end = text.rindex(" ", finding.end, end)
    before = ("…" if start > 0 else "") + text[start : finding.start]
    after = text[finding.end : end] + ("…" if end < len(text) else "")
    label = f'<span class="visually-hidden">[{html.escape(hidden_label)}] </span>' if hidden_label else ""
    return "".join(
        (
            html.escape(" ".join(before.split()) + (" " if before[-1:].isspace() else "")),
            "<mark>",
            label,
            html.escape(finding.text),
            "</mark>",
            html.escape((" " if after[:1].isspace() else "") + " ".join(after.split())),
        )
    )
