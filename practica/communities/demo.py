"""Demo data for communities: seven divisions and twenty communities of a fictional association, with
charters, champions and members. Safe to run again: nothing is duplicated."""

import random

from django.utils.text import slugify

from practica.accounts.demo import DEMO_PASSWORD
from practica.accounts.models import Profile, User
from practica.communities.choices import CommunityRole, JoinRequestStatus
from practica.communities.models import CharterVersion, Community, CommunityMember, Division, JoinRequest
from practica.core.text import render_markdown

DIVISIONS = [
    ("Private Practice", "Counsellors and psychotherapists working independently."),
    ("Healthcare", "Practitioners in the NHS, hospices and primary care."),
    ("Universities and Colleges", "Counselling and wellbeing services in further and higher education."),
    ("Children, Young People and Families", "Work with children, young people, parents and carers."),
    ("Spirituality", "Pastoral and spiritually informed practice."),
    ("Workplace", "Employee assistance, coaching and organisational wellbeing."),
    ("Students and Trainees", "Members in training and their tutors."),
]

# name, division, closed?, max size, short description, focus, meeting pattern
COMMUNITIES = [
    (
        "Neurodiversity Affirming Practice",
        "Private Practice",
        False,
        None,
        "Adapting therapy for autistic and ADHD clients, and for neurodivergent practitioners.",
        "Neuro-affirming approaches in everyday practice",
        "Monthly, second Wednesday, 7–8pm online",
    ),
    (
        "Rural Isolation",
        "Private Practice",
        True,
        12,
        "For practitioners working far from colleagues: peer support and shared resources.",
        "Practising well when the nearest colleague is an hour away",
        "Every six weeks, Thursday lunchtime, online",
    ),
    (
        "Supervisors' Circle",
        "Private Practice",
        True,
        10,
        "A confidential peer group for supervisors to reflect on their supervisory practice.",
        "Reflective practice for supervisors",
        "Monthly, first Monday, 6.30–8pm, hybrid (Leeds and online)",
    ),
    (
        "Eco-Awareness in Therapy",
        "Private Practice",
        False,
        None,
        "Climate distress, eco-anxiety and working outdoors.",
        "Climate and ecological distress in the therapy room",
        "Quarterly, face to face in different regions",
    ),
    (
        "Online and Telephone Therapy",
        "Private Practice",
        False,
        None,
        "Ethics, contracting and technique when working remotely.",
        "Remote practice",
        "Monthly, online",
    ),
    (
        "Talking Therapies in Primary Care",
        "Healthcare",
        False,
        None,
        "Practitioners in NHS talking therapies services sharing what works.",
        "Step 2 and step 3 practice in primary care",
        "Monthly, online, Tuesday 12.30–1.30pm",
    ),
    (
        "Palliative and Bereavement Care",
        "Healthcare",
        True,
        20,
        "Counselling at the end of life and in bereavement services.",
        "Supporting the dying and the bereaved",
        "Every two months, online",
    ),
    (
        "Perinatal Mental Health",
        "Healthcare",
        False,
        None,
        "Working with parents from conception to the first years.",
        "Perinatal and parent-infant work",
        "Monthly, online",
    ),
    (
        "Student Counselling Services",
        "Universities and Colleges",
        False,
        None,
        "Heads of service and counsellors in universities and colleges.",
        "Counselling in higher and further education",
        "Termly, face to face; monthly online drop-in",
    ),
    (
        "Research in Practice",
        "Universities and Colleges",
        False,
        None,
        "Practitioner-researchers sharing studies, methods and calls for participants.",
        "Practice-based research",
        "Monthly journal club, online",
    ),
    (
        "School-Based Counselling",
        "Children, Young People and Families",
        False,
        None,
        "Counsellors working in primary and secondary schools.",
        "Counselling in schools",
        "Half-termly, online",
    ),
    (
        "Play Therapy Network",
        "Children, Young People and Families",
        True,
        15,
        "Creative and play-based work with children.",
        "Play and creative therapies",
        "Monthly, face to face in Birmingham",
    ),
    (
        "Working with Families",
        "Children, Young People and Families",
        False,
        None,
        "Systemic and family work across settings.",
        "Family and systemic practice",
        "Every six weeks, online",
    ),
    (
        "Pastoral Care and Chaplaincy",
        "Spirituality",
        False,
        None,
        "Where counselling meets pastoral and spiritual care.",
        "Spiritually informed practice",
        "Monthly, online",
    ),
    (
        "Mindfulness-Informed Practice",
        "Spirituality",
        False,
        None,
        "Contemplative and mindfulness-based approaches.",
        "Mindfulness in therapy",
        "Fortnightly sitting group, online",
    ),
    (
        "Employee Assistance Practitioners",
        "Workplace",
        False,
        None,
        "Short-term work, contracting with organisations, and referral pathways.",
        "EAP practice",
        "Monthly, online",
    ),
    (
        "Coaching and Therapy Boundaries",
        "Workplace",
        False,
        None,
        "Where coaching ends and therapy begins.",
        "Coaching-therapy boundaries",
        "Quarterly, online",
    ),
    (
        "Trainee Counsellors",
        "Students and Trainees",
        False,
        None,
        "A welcoming space for students on placement and in training.",
        "Learning and placements",
        "Monthly, online, evenings",
    ),
    (
        "Finding a Placement",
        "Students and Trainees",
        False,
        None,
        "Sharing placement opportunities, interview tips and experiences.",
        "Placements",
        "We talk here rather than meet",
    ),
    (
        "Safeguarding Leads",
        "Healthcare",
        True,
        8,
        "A closed, unlisted group for designated safeguarding leads.",
        "Safeguarding decisions and dilemmas",
        "Monthly, online",
    ),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Carys",
    "Dev",
    "Eleanor",
    "Femi",
    "Grace",
    "Harry",
    "Imogen",
    "Jamal",
    "Kate",
    "Liam",
    "Megan",
    "Noor",
    "Oscar",
    "Poppy",
    "Rhys",
    "Saanvi",
    "Theo",
    "Uma",
    "Victor",
    "Willow",
    "Yusuf",
    "Zara",
    "Ffion",
    "Callum",
    "Hannah",
    "Kieran",
    "Leila",
    "Morgan",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Edwards",
    "Fraser",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Mitchell",
    "Nolan",
    "O'Brien",
    "Price",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
]
AREAS = [
    "Anxiety",
    "Depression",
    "Trauma",
    "Bereavement",
    "Couples",
    "Addiction",
    "Eating disorders",
    "Young people",
    "Supervision",
    "Workplace stress",
]
LOCATIONS = ["Cardiff", "Glasgow", "Norwich", "Exeter", "York", "Belfast", "Brighton", "Manchester", "Leicester"]


def _charter(name: str, focus: str, pattern: str, closed: bool, max_members: int | None) -> dict:
    return {
        "focus": focus,
        "purpose": f"A supportive, reflective space where members of {name} develop their practice together.",
        "leadership": "Led by our champions, who convene meetings, welcome new members and keep the space safe.",
        "aims": "To share experience and resources, support CPD, discuss research, and look after our wellbeing.",
        "openness": (
            "Closed: a committed membership, because we discuss anonymised client work."
            if closed
            else "Open: anyone with an interest is welcome to join and take part as suits them."
        ),
        "ideal_size": f"Up to {max_members} members." if max_members else "No fixed size.",
        "meeting_pattern": pattern + ". Dates are set three months ahead.",
        "meeting_mode": "hybrid"
        if "hybrid" in pattern
        else ("face_to_face" if "face to face" in pattern else "online"),
        "commitment": "Come when you can; let a champion know if you will miss several meetings in a row.",
        "meeting_structure": "A champion chairs; members suggest agenda items in the community a week before.",
        "costs": "None. The association hosts online meetings; face-to-face venues are free or shared.",
        "admission_procedure": (
            "Ask to join and answer two short questions; a champion replies within a week."
            if closed
            else "Join with one click."
        ),
        "values": "Confidentiality, inclusivity, evidence-based and ethical practice, and CPD.",
        "communication": "Discussions here between meetings; urgent matters by private message to a champion.",
        "conflicts": "Raise concerns with a champion privately first; the Communities of Practice Lead can mediate.",
        "agrees_with_code_of_conduct": True,
    }


def _description(focus: str, pattern: str) -> str:
    return (
        f"**Our focus:** {focus.lower()}.\n\n**We meet:** {pattern}.\n\n"
        "New here? Read our charter, then introduce yourself to the community."
    )


def _demo_members(count: int = 40) -> list[User]:
    rng = random.Random(20261125)
    people = []
    for index in range(count):
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], SURNAMES[(index * 7) % len(SURNAMES)]
        email = f"{slugify(first)}.{slugify(last)}{index}@example.org"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, display_name=f"{first} {last}")
            Profile.objects.get_or_create(
                user=user,
                defaults={
                    "headline": rng.choice(["Counsellor", "Psychotherapist", "Trainee counsellor", "Supervisor"]),
                    "areas_of_practice": ", ".join(rng.sample(AREAS, 2)),
                    "location": rng.choice(LOCATIONS),
                    "divisions": rng.choice(DIVISIONS)[0],
                },
            )
        people.append(user)
    return people


def _add(community: Community, user: User, role: str = CommunityRole.MEMBER) -> None:
    _, created = CommunityMember.objects.get_or_create(community=community, user=user, defaults={"role": role})
    if created:
        community.member_count += 1


def load() -> None:
    rng = random.Random(7)
    divisions = {}
    for position, (name, description) in enumerate(DIVISIONS):
        divisions[name], _ = Division.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "description": description, "position": position}
        )
    people = _demo_members()
    champion = User.objects.get(email="champion@example.org")
    member = User.objects.get(email="member@example.org")
    for index, (name, division, closed, max_members, short, focus, pattern) in enumerate(COMMUNITIES):
        community, created = Community.objects.get_or_create(
            name=name,
            defaults={
                "division": divisions[division],
                "short_description": short,
                "description": _description(focus, pattern),
                "description_html": render_markdown(_description(focus, pattern)),
                "membership": "closed" if closed else "open",
                "unlisted": name == "Safeguarding Leads",
                "max_members": max_members,
                "admission_questions": (
                    "What is your current role?\nWhat would you like to bring to the group?" if closed else ""
                ),
                "confidentiality_agreement": (
                    "I will keep everything shared in this community confidential, and I will never share "
                    "information that could identify a client."
                    if closed
                    else ""
                ),
            },
        )
        if not created:
            continue
        charter = _charter(name, focus, pattern, closed, max_members)
        CharterVersion.objects.create(community=community, version=1, change_note="First version", **charter)
        lead = champion if index in {2, 7, 9} else people[index % len(people)]
        _add(community, lead, CommunityRole.CHAMPION)
        size = min(max_members or 30, rng.randint(3, 18))
        for person in rng.sample(people, size):
            if community.member_count >= (max_members or 10_000):
                break
            _add(community, person)
        if name in {"Neurodiversity Affirming Practice", "Research in Practice"}:
            _add(community, member)
        community.save(update_fields=["member_count"])
        if name == "Supervisors' Circle":
            applicant = people[-1]
            if not CommunityMember.objects.filter(community=community, user=applicant).exists():
                JoinRequest.objects.get_or_create(
                    community=community,
                    user=applicant,
                    status=JoinRequestStatus.PENDING,
                    defaults={
                        "answers": [
                            {"question": "What is your current role?", "answer": "Clinical supervisor, 8 years."},
                            {"question": "What would you like to bring to the group?", "answer": "Ethics casework."},
                        ],
                        "accepted_confidentiality": True,
                    },
                )
