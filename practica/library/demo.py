"""Demo data for the library: a dozen resources across the demo communities and the site library, with small
PDF, CSV and PNG files generated here, some likes and downloads, a second version, and one collection.
Everything is fictional. Written through the services; skipped when the library already has items."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from practica.accounts.models import User
from practica.communities.models import Community, CommunityMember
from practica.core.uploads import check_upload
from practica.library.models import LibraryItem
from practica.library.services.collections import add_to_collection, create_collection
from practica.library.services.items import ItemDetails, add_version, create_item, record_download, toggle_like


def simple_pdf(lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a few lines of ASCII text (no fonts embedded, no scripts)."""
    text = " ".join(
        f"BT /F1 12 Tf 72 {740 - 18 * index} Td ({line.replace('(', '[').replace(')', ']')}) Tj ET"
        for index, line in enumerate(lines)
    ).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(text)).encode() + b" >>\nstream\n" + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _png(title: str, colour: str) -> bytes:
    image = Image.new("RGB", (800, 450), colour)
    ImageDraw.Draw(image).text((40, 200), title, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


# (community name or None for the site library, title, type, tags, file kind, description, source)
ITEMS = [
    (
        None,
        "Ethical framework: a one-page summary",
        "guide",
        ["ethics"],
        "pdf",
        "The key principles on one page, for the wall of your therapy room.",
        "Practice Standards Team",
    ),
    (
        None,
        "Contracting checklist for new clients",
        "template",
        ["contracting", "online"],
        "pdf",
        "What to agree in the first session: fees, cancellations, confidentiality and its limits, contact.",
        "",
    ),
    (
        None,
        "CPD hours tracker",
        "tool",
        ["cpd"],
        "csv",
        "A simple spreadsheet to log your CPD hours, ready to open in any spreadsheet program.",
        "",
    ),
    (
        None,
        "Good practice in online therapy",
        "article",
        ["online"],
        "link",
        "An overview of safe, confidential practice when working by video and telephone.",
        "Practice guidance",
    ),
    (
        "Online and Telephone Therapy",
        "Emergency plan for remote sessions",
        "template",
        ["online", "safety"],
        "pdf",
        "Where is the client, who do we call, what happens if the line drops.",
        "",
    ),
    (
        "Online and Telephone Therapy",
        "Setting up a confidential space at home",
        "guide",
        ["online"],
        "image",
        "A diagram members made for clients who have no private room.",
        "",
    ),
    (
        "Neurodiversity Affirming Practice",
        "Sensory-friendly room adjustments",
        "guide",
        ["neurodiversity"],
        "pdf",
        "Lighting, sound and seating changes that clients have asked for.",
        "",
    ),
    (
        "Neurodiversity Affirming Practice",
        "Neuro-affirming language: a reading list",
        "research_paper",
        ["neurodiversity", "reading"],
        "link",
        "Papers and books members recommend.",
        "Members of the community",
    ),
    (
        "Palliative and Bereavement Care",
        "Planned endings: session outline",
        "template",
        ["endings"],
        "pdf",
        "A structure for the last three sessions of long-term work.",
        "",
    ),
    (
        "Research in Practice",
        "Practice-based evidence: getting started",
        "research_paper",
        ["research"],
        "pdf",
        "How to collect outcome measures ethically in private practice.",
        "",
    ),
    (
        "Supervisors' Circle",
        "Supervision contract (anonymised example)",
        "template",
        ["supervision"],
        "pdf",
        "An example contract with every identifying detail removed.",
        "",
    ),
    (
        "Student Counselling Services",
        "Exam-season wellbeing workshop slides",
        "video",
        ["students"],
        "link",
        "A recorded workshop members ran for students before exams.",
        "Student services",
    ),
]


def _upload(kind: str, title: str) -> SimpleUploadedFile:
    if kind == "csv":
        content = "date,activity,hours,category\n2026-09-01,Reading,1.5,Reading\n2026-09-10,Workshop,3,Course\n"
        return SimpleUploadedFile(f"{title}.csv", content.encode())
    if kind == "image":
        return SimpleUploadedFile(f"{title}.png", _png(title, "#2f5d62"))
    return SimpleUploadedFile(f"{title}.pdf", simple_pdf([title, "", "A demo resource for members.", "Fictional."]))


def load() -> None:
    """Write the demo library once; running it again changes nothing."""
    if LibraryItem.objects.exists():
        return
    lead = User.objects.filter(role__in=["staff", "admin"]).order_by("pk").first()
    if lead is None:
        return
    communities = {community.name: community for community in Community.objects.all()}
    created = []
    for community_name, title, resource_type, tags, kind, description, source in ITEMS:
        community = communities.get(community_name) if community_name else None
        if community_name and community is None:
            continue
        author = lead
        if community is not None:
            membership = (
                CommunityMember.objects.filter(community=community)
                .order_by("role", "joined_at")  # "champion" sorts before "member"
                .select_related("user")
                .first()
            )
            author = membership.user if membership else lead
        details = ItemDetails(
            title=title,
            resource_type=resource_type,
            licence="link_only" if kind == "link" else "own_work",
            rights_confirmed=True,
            description=description,
            tags=tags,
            author_or_source=source or author.display_name,
            url="https://example.org/resources/" + title.lower().replace(" ", "-")[:40] if kind == "link" else "",
            contains_case_material=community_name == "Supervisors' Circle",
            anonymisation_checked=community_name == "Supervisors' Circle",
        )
        upload = None if kind == "link" else check_upload(_upload(kind, title), thumbnail=False)
        item = create_item(
            author=author,
            community=community,
            kind="link" if kind == "link" else "file",
            details=details,
            upload=upload,
        )
        created.append((item, community))
    _add_activity(created, lead)


def _add_activity(created: list, lead: User) -> None:
    readers = list(User.objects.filter(role="member").order_by("pk")[:12])
    for index, (item, community) in enumerate(created):
        allowed = (
            readers
            if community is None
            else [
                reader
                for reader in readers
                if CommunityMember.objects.filter(community=community, user=reader).exists()
            ]
        )
        for reader in allowed[: (index * 3) % 7]:
            if reader.pk != item.created_by_id:
                toggle_like(user=reader, item=item)
        if item.is_file:
            for _ in range((index * 5) % 11):
                record_download(item=item)
    site_items = [item for item, community in created if community is None]
    if site_items and site_items[1].is_file:
        title = site_items[1].title
        add_version(
            actor=lead,
            item=site_items[1],
            upload=check_upload(_upload("pdf", title + " (2027)"), thumbnail=False),
            note="Added what to agree about sessions by video.",
        )
    collection = create_collection(
        actor=lead,
        community=None,
        title="Starting in private practice",
        description="What members wish they had known in their first year of private practice.",
    )
    for item in site_items:
        add_to_collection(actor=lead, collection=collection, item=item)
