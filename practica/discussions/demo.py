"""Demo data for discussions: about three hundred topics across the demo communities, written as counselling and
psychotherapy practitioners talk about their practice. Everything is fictional: no real clients, no details that
could identify anyone. Written through the services, so counters, events and the audit log are real; the dates
are then spread over the last five months and the counters recounted. Skipped when topics already exist."""

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from practica.accounts.models import User
from practica.communities.choices import CommunityRole
from practica.communities.models import Community, CommunityMember
from practica.core.uploads import check_upload
from practica.discussions.choices import TopicKind
from practica.discussions.models import Post, ResearchCall, Topic
from practica.discussions.services.attachments import store_attachments
from practica.discussions.services.curation import set_archived, set_closed, set_pinned
from practica.discussions.services.engagement import PollSpec, add_poll, toggle_like, vote
from practica.discussions.services.posting import (
    ResearchDetails,
    accept_answer,
    archive_closed_research_calls,
    edit_post,
    recount_community_activity,
    recount_topic,
    reply,
    start_topic,
)

TOTAL_TOPICS = 300
DAYS_BACK = 150
SPECIAL_TOPICS = 10  # written by _write_special_topics

# Each theme: titles, openings and replies. Openings and replies are general enough to fit any title of the theme.
THEMES: dict[str, dict[str, list[str]]] = {
    "online": {
        "titles": [
            "Contracting for online work: what goes in yours?",
            "Clients joining sessions from the car",
            "When the connection drops at a hard moment",
            "Telephone counselling: do you miss the face?",
            "Which video platform, and why?",
            "Working online with clients in other countries",
            "Emergency contact details for remote clients",
            "Walk-and-talk on the phone: has anyone tried it?",
            "Screen fatigue after a full day online",
            "Privacy at home: clients with no private room",
        ],
        "openings": [
            "I've been working mainly online for three years now and I'm reviewing my contract. I cover what happens "
            "if the connection fails, where the client is each session, and what we do if someone else comes into "
            "the room. What have I missed?",
            "A question that came up in supervision this week: how do you hold the frame when the client's setting "
            "changes every week? I'd love to hear how others handle it without becoming rigid.",
            "I'm curious how others approach this. I've changed my practice a few times and still don't feel settled.",
        ],
        "replies": [
            "I agree the client's location at the start of each session, every time. It felt clunky at first; now "
            "it's just part of arriving.",
            "My contract says that if we lose the connection I'll call the phone number we agreed, and if that fails "
            "I'll email to rearrange. Clients seem reassured that there's a plan.",
            "I ask clients to think about where they'll be and who might overhear before we begin. Some use "
            "headphones; one simply sits in the garden.",
            "The association's good practice guidance on working online was helpful when I reviewed mine.",
            "I've found that naming the awkwardness of the screen early makes it easier to talk about later.",
            "I don't work with anyone in the car while driving. Parked is a conversation; moving is a firm no.",
            "Telephone work surprised me: without the picture, I listen differently, and some clients say more.",
            "I build in ten minutes between online sessions and stand up, look out of the window, have a drink. "
            "It makes a real difference by the end of the day.",
        ],
    },
    "endings": {
        "titles": [
            "Planned endings after long-term work",
            "When a client just stops coming",
            "Ending with a client when I retire",
            "Do you offer a review session after ending?",
            "Endings in short-term contracts",
            "How do you mark an ending?",
            "Unplanned endings and our own feelings",
        ],
        "openings": [
            "I'm approaching the end of some long pieces of work and finding myself thinking a lot about how we "
            "end well. How far ahead do you start talking about it?",
            "Something I'd like to think about with others: endings that don't go the way we hoped. How do you look "
            "after yourself, and how do you leave the door open without chasing?",
            "I'd welcome your thoughts on endings. I notice I avoid the topic more than I'd like.",
        ],
        "replies": [
            "I usually start naming the ending about a third of the way from the end of an open-ended piece of work, "
            "then keep returning to it.",
            "After two missed sessions I send one short, warm message saying the door is open and the date I'll "
            "close the file if I don't hear. Then I let it rest.",
            "I find it helps to review the work together: where we started, what changed, what's still there.",
            "Unplanned endings still catch me. Supervision is where I take them.",
            "I offer a follow-up session three months after ending. Few take it up, but clients say it helps to know "
            "it's there.",
            "Endings stir up our own history too. I've learnt to notice when I'm tempted to extend the work for me "
            "rather than for the client.",
        ],
    },
    "supervision": {
        "titles": [
            "How often do you take supervision?",
            "Changing supervisor after many years",
            "Group supervision versus individual",
            "What makes a supervision session useful?",
            "Supervision for online practice",
            "Bringing mistakes to supervision",
            "Paying for supervision in private practice",
        ],
        "openings": [
            "I've been with the same supervisor for six years and I'm wondering whether it's time for a change. "
            "How did you know when it was time?",
            "Reflecting on what I actually bring to supervision. I notice I choose the cases where I'm doing well. "
            "How do you make room for the harder things?",
            "A question about supervision arrangements: what works for you, and what would you change?",
        ],
        "replies": [
            "I changed after eight years. It felt disloyal, but a fresh pair of ears noticed patterns we had both "
            "stopped seeing.",
            "I take an hour and a half a month for a caseload of about fifteen, plus ad hoc when something comes up.",
            "Group supervision gave me more perspectives; individual gives me more depth. I do both now.",
            "My supervisor once said: bring the client you least want to talk about. It has stayed with me.",
            "I keep a short log between sessions of moments I want to think about. It stops me arriving with "
            "whatever happened yesterday.",
            "The best supervision I've had felt safe enough to say 'I think I got that wrong'.",
        ],
    },
    "cpd": {
        "titles": [
            "CPD ideas that are not another online course",
            "Recording CPD hours: what counts?",
            "A good book on working with shame",
            "Conferences worth going to this year",
            "Reflective writing as CPD",
            "Learning about trauma-informed practice",
        ],
        "openings": [
            "I'm planning my CPD for the year and want to do something other than webinars. What has genuinely "
            "changed your practice?",
            "Recommendations welcome. I've got a small budget and a lot of curiosity.",
            "I'd love to pool our knowledge here: what have you found worthwhile lately?",
        ],
        "replies": [
            "A year-long reading group with two colleagues has been the best CPD I've done. Cheap, and it keeps going.",
            "I count supervision of my own practice separately from CPD, but peer consultation groups do count.",
            "Shadowing a colleague in a different setting for a day taught me more than most workshops.",
            "Writing up a short reflective piece after each training day helps me notice what actually sticks.",
            "The regional events are smaller and friendlier than the big conferences, and you meet people nearby.",
            "I'd second that recommendation. I've read it twice now.",
        ],
    },
    "selfcare": {
        "titles": [
            "Looking after ourselves in a heavy season",
            "How many clients a week is sustainable?",
            "Taking a proper holiday from private practice",
            "Personal therapy while practising",
            "When our own life events come into the room",
            "Boundaries with our own time",
        ],
        "openings": [
            "It has been a heavy few months and I'm noticing the signs of tiredness in myself. What do you do, "
            "practically, to look after yourselves?",
            "Honest question: how do you tell the difference between a hard week and something that needs more "
            "attention?",
            "I'd like to hear how others manage this; I suspect many of us struggle with it quietly.",
        ],
        "replies": [
            "I cap my week at eighteen clients and guard one clear day. It took me years to hold that line.",
            "I go back to personal therapy every few years, not because something is wrong, but because the work asks "
            "a lot.",
            "Walking before the first session. Nothing clever, but it helps.",
            "I tell clients about breaks well in advance and take them, even when the diary is full.",
            "A colleague and I text each other at the end of hard days, just a word. It helps to know someone knows.",
            "Thank you for raising this. It helps to know I'm not the only one.",
        ],
    },
    "notes": {
        "titles": [
            "How much do you write in your notes?",
            "GDPR and keeping client records",
            "How long do you keep records?",
            "Subject access requests: has anyone had one?",
            "Notes on paper or in an app?",
            "Sharing information with GPs: consent and limits",
        ],
        "openings": [
            "I'm revising how I keep notes. I write brief factual notes and keep process reflections separately for "
            "supervision. How do others approach this, and what does your privacy notice say?",
            "A question about records and data protection. I want to be sure I'm doing this properly without "
            "drowning in paperwork.",
            "I'd value others' experience here before I change how I work.",
        ],
        "replies": [
            "I keep notes brief: date, themes, any risk discussed, anything agreed. Clients can ask to see them, and "
            "I write with that in mind.",
            "Seven years after the end of the work, then secure deletion. It's in my privacy notice and my contract.",
            "I'm registered with the ICO and use an encrypted notes app. Paper stays in a locked cabinet.",
            "My insurer's helpline was very useful when I had a records question. Worth a call.",
            "I write as if the client is reading over my shoulder. It keeps the notes respectful.",
            "I had one subject access request. It was straightforward because my notes were already factual.",
        ],
    },
    "interpreters": {
        "titles": [
            "Working with interpreters in therapy",
            "Briefing an interpreter before the first session",
            "Online sessions with an interpreter",
            "Interpreters and confidentiality",
        ],
        "openings": [
            "I've started working with an interpreter for the first time. How do you prepare, and how do you look "
            "after the interpreter too?",
            "Working through an interpreter changes the room. I'd like to hear what has helped others.",
        ],
        "replies": [
            "I meet the interpreter for ten minutes before and after each session. Before to agree how we'll work, "
            "after to check how they are: they hear everything too.",
            "Ask for the same interpreter each time if you can. Continuity matters as much for them as for us.",
            "I speak directly to the client, not to the interpreter, and keep sentences short.",
            "The interpreter signs the same confidentiality agreement as me, and we talk through what it means.",
            "Check the interpreter isn't from the client's own small community; ask the client what they'd prefer.",
        ],
    },
    "placement": {
        "titles": [
            "Finding a placement: where did you look?",
            "Placement interview tips",
            "Placement hours and how long they take",
            "Online clients on placement: allowed?",
            "Feeling out of my depth on placement",
            "Placement supervision arrangements",
            "Voluntary placements and travel costs",
        ],
        "openings": [
            "I'm in my second year and still looking for a placement. I've written to twelve services. Any advice on "
            "where else to look, or how to stand out?",
            "Placement question from a trainee: I'd be grateful for honest experiences, good and bad.",
            "I'd love to hear how others found this part of training.",
        ],
        "replies": [
            "Local bereavement services and young people's charities took a lot of trainees on my course.",
            "At interview they wanted to know how I'd use supervision and what I'd do if a client disclosed risk. "
            "Practise those answers.",
            "It took me eighteen months to reach my hundred hours. Cancellations are part of it; don't lose heart.",
            "Check with your course first: ours allowed online clients only after the first fifty hours.",
            "Feeling out of your depth is normal at first. Take it to placement supervision and your tutor.",
            "Ask whether they pay travel expenses. Some do, and it adds up.",
            "Good luck! It does come together.",
        ],
    },
    "research": {
        "titles": [
            "Practice-based research without a university",
            "Using outcome measures in private practice",
            "Journal club: this month's paper",
            "Ethics approval for a small study",
            "Getting started with qualitative research",
        ],
        "openings": [
            "I'd like to do a small piece of research from my own practice. Where do I start, and how do I make sure "
            "it's ethical?",
            "For the journal club: what did you make of this month's paper? I found the discussion section more "
            "interesting than the results.",
        ],
        "replies": [
            "Start with the question you keep asking yourself in practice. Then find a supervisor for the research, "
            "separate from your clinical one.",
            "Outcome measures have helped me notice when the work is stuck. I share the scores with clients.",
            "Ethics approval is possible outside a university; some professional bodies offer a route.",
            "I found the sample small but the themes rang true from my own work.",
            "Interpretative phenomenological analysis was a good fit for my first study.",
        ],
    },
    "neuro": {
        "titles": [
            "Adapting the room for sensory needs",
            "Neuro-affirming language in assessments",
            "Late-diagnosed adults and grief",
            "Working as a neurodivergent therapist",
            "Structure and flexibility for ADHD clients",
            "Written communication between sessions",
        ],
        "openings": [
            "I've been changing how I work with autistic clients: offering a written agenda, dimmer lights, no "
            "expectation of eye contact. What have others changed?",
            "A question about language: how do you talk about diagnosis in a way that is affirming rather than "
            "deficit-based?",
        ],
        "replies": [
            "I send a short written summary of what we'll cover before each session. Several clients say it lowers "
            "their anxiety a lot.",
            "I ask each client how they'd like to describe themselves and use their words.",
            "Many late-diagnosed clients talk about grief for the earlier self who struggled without understanding "
            "why.",
            "Being openly neurodivergent has changed some relationships with clients for the better.",
            "Flexible session lengths have helped, within a clear contract.",
        ],
    },
    "children": {
        "titles": [
            "Confidentiality with young people and parents",
            "Play materials: what's in your box?",
            "Working in schools when staff want updates",
            "Gillick competence in practice",
            "Endings with children at the end of term",
        ],
        "openings": [
            "In school-based work I'm often asked by staff for updates. How do you hold confidentiality while keeping "
            "good relationships with the school?",
            "A practical question about working with children: I'd value hearing what works in your setting.",
        ],
        "replies": [
            "I agree with the school at the start what I will and won't share, and put it in writing.",
            "Sand tray, puppets, art materials and a few small figures go a long way.",
            "I talk with the young person first about what, if anything, they'd like shared with parents.",
            "We plan endings with children well before the holidays and use a calendar to count down together.",
        ],
    },
    "eco": {
        "titles": [
            "Climate distress in the therapy room",
            "Working outdoors: contracting and weather",
            "Our own eco-anxiety as practitioners",
        ],
        "openings": [
            "More clients are bringing distress about the climate. How do you work with it, and with your own "
            "feelings about it?",
        ],
        "replies": [
            "I try not to pathologise it: it's a reasonable response to a real situation.",
            "Outdoor work needs its own contract: weather, privacy, what we do if we meet someone.",
            "Taking my own feelings to supervision has helped me stay present with clients' distress.",
        ],
    },
    "bereavement": {
        "titles": [
            "Anticipatory grief in palliative settings",
            "Bereavement after a long illness",
            "Supporting volunteers in a bereavement service",
        ],
        "openings": [
            "I'd like to think with others about anticipatory grief: working with families before a death.",
        ],
        "replies": [
            "Families often feel guilty for grieving before the death. Naming that it's common helps.",
            "Our service offers volunteers group supervision monthly, which they say they rely on.",
            "I find the continuing bonds model helpful in bereavement work.",
        ],
    },
    "workplace": {
        "titles": [
            "Six-session limits in EAP work",
            "Contracting with organisations: who is the client?",
            "Coaching or therapy? Drawing the line",
            "Managers asking for feedback on employees",
        ],
        "openings": [
            "In employee assistance work the session limit shapes everything. How do you work within it honestly?",
            "Where do you draw the line between coaching and therapy, and how do you explain it to clients?",
        ],
        "replies": [
            "I name the limit in the first session and we agree a focus together.",
            "The employee is my client; the organisation is the commissioner. I make that clear in writing.",
            "If we drift into deeper work, I talk about referral rather than quietly extending.",
            "Managers get attendance information only, with the client's consent, and nothing else.",
        ],
    },
    "spiritual": {
        "titles": [
            "Faith and the therapy room",
            "Pastoral care and counselling boundaries",
            "Silence in sessions",
        ],
        "openings": [
            "How do you work when a client's faith is central to what they bring, whether or not you share it?",
        ],
        "replies": [
            "I ask what their faith means to them rather than assuming.",
            "Pastoral care and counselling can sit together, but I keep the roles clear in the contract.",
            "Silence has become one of the most useful things I offer.",
        ],
    },
    "safeguarding": {
        "titles": [
            "Thresholds for sharing safeguarding concerns",
            "Recording safeguarding decisions",
            "Consulting before making a referral",
        ],
        "openings": [
            "A general question, no case details: how do you record the reasoning when you decide not to refer?",
        ],
        "replies": [
            "I record what I knew, who I consulted, what I decided and why, on the day.",
            "I always consult, anonymously, before deciding. It's protective for everyone.",
            "Our policy asks us to review the decision after a fortnight and note the review.",
        ],
    },
}

GENERAL = ["endings", "supervision", "cpd", "selfcare", "notes"]
COMMUNITY_THEMES = {
    "Neurodiversity Affirming Practice": ["neuro", "online"],
    "Rural Isolation": ["online", "selfcare"],
    "Supervisors' Circle": ["supervision"],
    "Eco-Awareness in Therapy": ["eco"],
    "Online and Telephone Therapy": ["online"],
    "Talking Therapies in Primary Care": ["interpreters", "notes"],
    "Palliative and Bereavement Care": ["bereavement", "interpreters"],
    "Perinatal Mental Health": ["interpreters"],
    "Student Counselling Services": ["online", "interpreters"],
    "Research in Practice": ["research"],
    "School-Based Counselling": ["children", "safeguarding"],
    "Play Therapy Network": ["children"],
    "Working with Families": ["children", "interpreters"],
    "Pastoral Care and Chaplaincy": ["spiritual"],
    "Mindfulness-Informed Practice": ["spiritual", "eco"],
    "Employee Assistance Practitioners": ["workplace", "online"],
    "Coaching and Therapy Boundaries": ["workplace"],
    "Trainee Counsellors": ["placement"],
    "Finding a Placement": ["placement"],
    "Safeguarding Leads": ["safeguarding"],
}

SHORT_REPLIES = [
    "This is really helpful, thank you.",
    "I've been wondering about this too.",
    "Thank you for starting this conversation.",
    "Such a useful thread. Saving it for my next supervision.",
    "I'd echo all of that.",
    "Really good to read everyone's experience here.",
    "Same here. It helps to know others think about this.",
]

WELCOME_BODY = (
    "Welcome! This is our space between meetings. Please introduce yourself: where you practise, what drew you "
    "here, and what you'd like from the community.\n\n"
    "A reminder of our guidelines: **be kind, be professional, and anonymise client information** if you discuss "
    "your work. Statements about client work should be kept general. If something worries you, flag it.\n\n"
    "If a conversation heads somewhere new, use *Reply as a linked topic* so it gets a home of its own."
)
INTRODUCTIONS = [
    "Hello everyone. I'm an integrative counsellor, mostly working with adults. Looking forward to learning here.",
    "Hi all, person-centred therapist, recently qualified. Glad to have found this group.",
    "Hello! I work part-time in a charity and part-time in private practice.",
    "Hi, I've been practising for about twelve years, mostly short-term work. Hoping to share and learn.",
]


def _people_by_community() -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for membership in CommunityMember.objects.select_related("user").order_by("community_id", "user_id"):
        people.setdefault(membership.community_id, []).append(membership.user)
    return people


def _champion(community: Community) -> User | None:
    membership = (
        CommunityMember.objects.filter(community=community, role=CommunityRole.CHAMPION).select_related("user").first()
    )
    return membership.user if membership else None


class _Writer:
    """Keeps the random source and the timeline while topics are written."""

    def __init__(self):
        self.rng = random.Random(20261126)
        self.now = timezone.now()
        self.topics: list[Topic] = []
        self.dates: dict[int, datetime.datetime] = {}  # post pk -> when it was "written"

    def when(self, topic_start: datetime.datetime, hours: float) -> datetime.datetime:
        return min(topic_start + datetime.timedelta(hours=hours), self.now - datetime.timedelta(minutes=5))

    def topic(self, *, community, author, title, body, start, **extra) -> Topic:
        outcome = start_topic(author=author, community=community, title=title, body=body, **extra)
        self.dates[outcome.post.pk] = start
        self.topics.append(outcome.post.topic)
        return outcome.post.topic

    def replies(self, topic: Topic, people: list[User], bodies: list[str], start, *, count: int) -> list[Post]:
        rng = self.rng
        posts = [topic.posts.get(number=1)]
        hours = 0.0
        for index in range(count):
            author = rng.choice([person for person in people if person.pk != posts[-1].author_id] or people)
            body = bodies[index % len(bodies)] if index < len(bodies) else rng.choice(SHORT_REPLIES)
            reply_to = None
            if len(posts) > 2 and rng.random() < 0.2:
                reply_to = rng.choice(posts[1:])
                if reply_to.author.handle and reply_to.author_id != author.pk:
                    body = f"@{reply_to.author.handle} {body}"
            post = reply(author=author, topic=topic, body=body, reply_to=reply_to).post
            hours += rng.uniform(1, 40)
            self.dates[post.pk] = self.when(start, hours)
            posts.append(post)
        return posts

    def likes(self, posts: list[Post], people: list[User]) -> None:
        for post in posts:
            if self.rng.random() < 0.25:
                likers = [person for person in people if person.pk != post.author_id]
                for person in self.rng.sample(likers, min(len(likers), self.rng.randint(1, 3))):
                    toggle_like(user=person, post=post)


def load() -> None:
    """Write the demo's topics once; running it again changes nothing."""
    if Topic.objects.exists():
        return
    writer = _Writer()
    people = _people_by_community()
    communities = [
        community
        for community in Community.objects.filter(name__in=COMMUNITY_THEMES).order_by("pk")
        if len(people.get(community.pk, [])) >= 2
    ]
    if not communities:
        return
    sizes = {community.pk: len(people[community.pk]) for community in communities}
    total_size = sum(sizes.values())
    extra_topics = TOTAL_TOPICS - len(communities) - SPECIAL_TOPICS  # the welcome topics and the special ones
    counts = {pk: extra_topics * size // total_size for pk, size in sizes.items()}
    for pk in sorted(sizes, key=lambda pk: -sizes[pk])[: extra_topics - sum(counts.values())]:
        counts[pk] += 1
    for community in communities:
        _write_community(writer, community, people[community.pk], counts[community.pk])
    _write_special_topics(writer, communities, people)
    _attach_files(writer)
    _spread_dates(writer)
    archive_closed_research_calls()


SESSION_PLAN = (
    "A six-week group plan (fictional, for the demo)\n\n"
    "Week 1: agreements and hopes\nWeek 2: what brings us here\nWeek 3: patterns\n"
    "Week 4: resources\nWeek 5: looking ahead\nWeek 6: endings and what we take with us\n"
)


def _whiteboard() -> bytes:
    """A plain picture standing in for a photo of a whiteboard (no camera, no place: nothing to strip)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), "#f3f6f6")
    draw = ImageDraw.Draw(image)
    for row, words in enumerate(["Endings", "  - plan the last session early", "  - name what changes"]):
        draw.text((40, 60 + 40 * row), words, fill="#0b5563")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _attach_files(writer: _Writer) -> None:
    """A handout and a picture on a couple of replies, so visitors see attachments under posts."""
    files = [
        SimpleUploadedFile("Six-week group plan.txt", SESSION_PLAN.encode()),
        SimpleUploadedFile("Whiteboard from our peer group.png", _whiteboard()),
    ]
    replies = [
        post
        for topic in writer.topics[:40]
        for post in Post.objects.filter(topic=topic, number=2, hidden_at__isnull=True, awaiting_review=False)
    ]
    for post, upload in zip(replies[1::7], files, strict=False):
        store_attachments(post=post, uploader=post.author, uploads=[check_upload(upload)])


def _write_community(writer: _Writer, community: Community, members: list[User], count: int) -> None:
    rng = writer.rng
    champion = _champion(community) or members[0]
    welcome_start = writer.now - datetime.timedelta(days=DAYS_BACK + 10)
    welcome = writer.topic(
        community=community,
        author=champion,
        title=f"Welcome to {community.name}: introduce yourself",
        body=WELCOME_BODY,
        start=welcome_start,
    )
    writer.replies(welcome, members, rng.sample(INTRODUCTIONS, 3), welcome_start, count=rng.randint(2, 6))
    set_pinned(actor=champion, topic=welcome, pinned=True)

    themes = COMMUNITY_THEMES[community.name] + GENERAL
    titles = [(theme, title) for theme in themes for title in THEMES[theme]["titles"]]
    specific = [pair for pair in titles if pair[0] in COMMUNITY_THEMES[community.name]]
    general = [pair for pair in titles if pair[0] not in COMMUNITY_THEMES[community.name]]
    rng.shuffle(general)
    chosen = (specific + general)[:count]
    for theme, title in chosen:
        content = THEMES[theme]
        start = writer.now - datetime.timedelta(days=rng.uniform(1, DAYS_BACK))
        author = rng.choice(members)
        topic = writer.topic(
            community=community,
            author=author,
            title=title,
            body=rng.choice(content["openings"]),
            start=start,
            kind=TopicKind.QUESTION if title.endswith("?") and rng.random() < 0.4 else TopicKind.DISCUSSION,
            tags=[theme] if theme not in {"cpd", "notes"} else [theme.upper() if theme == "cpd" else "record keeping"],
        )
        bodies = rng.sample(content["replies"], len(content["replies"]))
        posts = writer.replies(topic, members, bodies, start, count=rng.choice([0, 1, 2, 3, 3, 4, 5, 6, 7, 9]))
        writer.likes(posts, members)
        if topic.kind == TopicKind.QUESTION and len(posts) > 2 and rng.random() < 0.6:
            accept_answer(actor=author, post=posts[rng.randint(1, len(posts) - 1)], topic=topic)


def _write_special_topics(writer: _Writer, communities: list[Community], people: dict[int, list[User]]) -> None:
    """The features a visitor should find: polls, research calls, a closed, an archived and a linked topic,
    an accepted answer, edits with revisions, and a site-wide pin."""
    rng = writer.rng
    by_name = {community.name: community for community in communities}
    research = by_name.get("Research in Practice", communities[0])
    online = by_name.get("Online and Telephone Therapy", communities[0])
    neuro = by_name.get("Neurodiversity Affirming Practice", communities[0])
    trainees = by_name.get("Trainee Counsellors", communities[-1])
    maya = User.objects.filter(email="member@example.org").first()
    today = timezone.localdate()

    def author_in(community, preferred=None):
        members = people[community.pk]
        return preferred if preferred in members else rng.choice(members)

    # An open research call, closing in a few weeks, and one whose closing date has passed.
    start = writer.now - datetime.timedelta(days=12)
    call = writer.topic(
        community=research,
        author=_champion(research) or people[research.pk][0],
        title="Research call: how counsellors experience online endings",
        body=(
            "I'm a practitioner-researcher looking for qualified counsellors who have ended work with at least "
            "one client online in the last year. Taking part means one interview of about an hour, online, at a "
            "time that suits you. **No client information is needed or wanted**: the study is about your "
            "experience.\n\nThe study has ethics approval; details are below. Questions are welcome here."
        ),
        start=start,
        kind=TopicKind.RESEARCH,
        tags=["research", "online"],
        research=ResearchDetails(
            study_title="Practitioners' experience of endings in online therapy",
            ethics_reference="DEMO-ETH-2026-014",
            eligibility="Qualified counsellors and psychotherapists who have ended online work in the last year.",
            involvement="One online interview of about an hour, and the chance to comment on the findings.",
            closes_on=today + datetime.timedelta(days=24),
            contact="endings-study@example.org",
        ),
    )
    writer.replies(
        call,
        people[research.pk],
        [
            "Happy to take part. I'll email you.",
            "Will you share a summary of the findings with the community when it's finished?",
            "Shared with my peer group too. Good luck with the study.",
        ],
        start,
        count=3,
    )
    old_start = writer.now - datetime.timedelta(days=120)
    old_call = writer.topic(
        community=research,
        author=author_in(research),
        title="Research call: supervision in the first year after qualifying",
        body="Looking for newly qualified counsellors to complete a 15-minute anonymous questionnaire about "
        "supervision in their first year of practice.",
        start=old_start,
        kind=TopicKind.RESEARCH,
        tags=["research", "supervision"],
        research=ResearchDetails(
            study_title="Supervision in the first year after qualifying",
            ethics_reference="DEMO-ETH-2025-203",
            eligibility="Counsellors who qualified in the last two years.",
            involvement="A 15-minute anonymous online questionnaire.",
            closes_on=today + datetime.timedelta(days=1),
            contact="first-year-study@example.org",
        ),
    )
    writer.replies(
        old_call, people[research.pk], ["Done, thank you.", "Completed it. Interesting questions."], old_start, count=2
    )
    ResearchCall.objects.filter(topic=old_call).update(closes_on=today - datetime.timedelta(days=60))

    # A poll, with votes.
    poll_start = writer.now - datetime.timedelta(days=20)
    poll_topic = writer.topic(
        community=online,
        author=author_in(online),
        title="Poll: how long are your online sessions?",
        body="Quick poll to see how we all work. Add a reply if your answer is 'it depends'!",
        start=poll_start,
        tags=["online"],
    )
    poll = add_poll(
        author=poll_topic.author,
        topic=poll_topic,
        spec=PollSpec(
            question="How long is a typical online session for you?", options=["50 minutes", "60 minutes", "Other"]
        ),
    )
    options = list(poll.options.order_by("position"))
    for person in people[online.pk]:
        vote(user=person, poll=poll, option_ids=[rng.choice(options[:2] + options[:1]).pk])
    writer.replies(poll_topic, people[online.pk], ["50, with ten minutes for notes and a break."], poll_start, count=3)

    # A question with an accepted answer, and a topic continued as a linked topic.
    asker = author_in(neuro, maya)
    q_start = writer.now - datetime.timedelta(days=9)
    question = writer.topic(
        community=neuro,
        author=asker,
        title="Fidget items in the therapy room: good idea?",
        body="I'm thinking of keeping a small basket of fidget items in my room. Has anyone found this helpful, or "
        "does it distract from the work?",
        start=q_start,
        kind=TopicKind.QUESTION,
        tags=["neuro"],
    )
    answers = writer.replies(
        question,
        people[neuro.pk],
        [
            "I have one and clients use it without comment. I mention it once, at the start, and leave it there.",
            "Yes, and let clients bring their own too. Several prefer their own.",
            "It's become one of the first things new clients notice, in a good way.",
            "Following on from this, I've been wondering more widely about sensory-friendly rooms on a budget.",
        ],
        q_start,
        count=4,
    )
    accept_answer(actor=asker, post=answers[1], topic=question)
    linked_start = writer.dates[answers[-1].pk] + datetime.timedelta(hours=2)
    linked = writer.topic(
        community=neuro,
        author=answers[-1].author,
        title="Sensory-friendly rooms on a budget",
        body="Continuing from the fidget thread: what cheap changes have made your room easier for sensory needs? "
        "Mine: a lamp instead of the ceiling light, and a blanket.",
        start=linked_start,
        linked_from=answers[-1],
        tags=["neuro"],
    )
    writer.replies(
        linked, people[neuro.pk], ["A white noise machine outside the door.", "Plain walls."], linked_start, count=2
    )

    # Edits with revisions.
    for post in answers[:2]:
        edit_post(
            editor=post.author, post=post, body=post.body + "\n\n*Edited to add:* I check in about it now and then."
        )
    edit_post(
        editor=question.author,
        post=question.posts.get(number=1),
        body=question.posts.get(number=1).body + " (Adults only, in my case.)",
    )

    # A closed topic with its reason, and an archived one.
    champion = _champion(trainees) or people[trainees.pk][0]
    c_start = writer.now - datetime.timedelta(days=40)
    closed = writer.topic(
        community=trainees,
        author=author_in(trainees),
        title="Placement fees: should trainees ever pay?",
        body="I've been offered a placement that charges trainees a monthly fee. Is this usual?",
        start=c_start,
        tags=["placement"],
    )
    writer.replies(
        closed,
        people[trainees.pk],
        [
            "It's not unusual for the service to charge for supervision, but ask your course.",
            "Our course doesn't allow placements that charge fees.",
            "Please ask your tutor; it varies by course.",
        ],
        c_start,
        count=5,
    )
    set_closed(
        actor=champion,
        topic=closed,
        closed=True,
        reason="This has run its course, and the answer depends on your course: please ask your tutor. "
        "Thank you all for the thoughtful replies.",
    )
    archived = writer.topic(
        community=trainees,
        author=author_in(trainees),
        title="Summer online meeting: which date suits?",
        body="Pick a date for the summer meeting; the meeting has now happened and the notes are in the library.",
        start=writer.now - datetime.timedelta(days=DAYS_BACK),
    )
    set_archived(actor=champion, topic=archived, archived=True)

    # A site-wide pin by staff.
    lead = User.objects.filter(role__in=["staff", "admin"]).filter(~Q(email="admin@example.org")).first()
    if lead is not None:
        notice = writer.topic(
            community=trainees,
            author=lead,
            title="New to the Communities of Practice? Start here",
            body="A short guide: how to join communities, how to flag a post, and how to keep client information "
            "anonymous. Ask questions in reply, there are no silly ones.",
            start=writer.now - datetime.timedelta(days=30),
        )
        set_pinned(actor=lead, topic=notice, pinned=True, site_wide=True)

    # Maya, the demo member, has a conversation of her own in each of her communities.
    if maya is not None:
        for community in (neuro, research):
            if maya not in people[community.pk]:
                continue
            start = writer.now - datetime.timedelta(days=rng.uniform(2, 6))
            mine = writer.topic(
                community=community,
                author=maya,
                title="Bereavement work with neurodivergent adults"
                if community == neuro
                else "Looking for a research supervisor outside a university",
                body="I'd be grateful for any pointers from people who have been here before.",
                start=start,
            )
            posts = writer.replies(mine, people[community.pk], [], start, count=3)
            writer.likes(posts, people[community.pk])


def _spread_dates(writer: _Writer) -> None:
    """Give posts and topics believable dates, then recount what depends on them."""
    posts = [Post(pk=pk, created_at=when) for pk, when in writer.dates.items()]
    Post.objects.bulk_update(posts, ["created_at"], batch_size=500)
    starts = {}
    for post in Post.objects.filter(number=1, pk__in=writer.dates).values("topic_id", "created_at"):
        starts[post["topic_id"]] = post["created_at"]
    Topic.objects.bulk_update(
        [Topic(pk=pk, created_at=when) for pk, when in starts.items()], ["created_at"], batch_size=500
    )
    for topic in Topic.objects.filter(pk__in=starts):
        recount_topic(topic)
    recount_community_activity()
