"""Writes to a member's own profile and the record of their data exports."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from practica.accounts.models import Profile, User
from practica.accounts.permissions import check
from practica.core.audit import record

# The only profile columns a member's form may write (SECURITY.md channel 38: no mass assignment).
EDITABLE_PROFILE_FIELDS = (
    "pronouns",
    "headline",
    "bio",
    "divisions",
    "areas_of_practice",
    "location",
    "listed_in_directory",
    *(f"{name}_visibility" for name in Profile.VISIBILITY_FIELDS),
)


def delete_stored_file(field_file) -> None:
    """Delete a stored file once the transaction that stopped using it has committed."""
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def update_profile(
    *,
    actor: User,
    member: User,
    display_name: str,
    values: dict,
    photo: ContentFile | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Save a member's own profile. `photo` must already be re-encoded (practica.core.uploads)."""
    check(actor.pk == member.pk, _("You can only edit your own profile."))
    profile, _created = Profile.objects.select_for_update().get_or_create(user=member)
    changed = []
    for name in EDITABLE_PROFILE_FIELDS:
        if name in values and getattr(profile, name) != values[name]:
            setattr(profile, name, values[name])
            changed.append(name)
    if photo is not None or remove_photo:
        delete_stored_file(profile.photo)
        profile.photo = None
        changed.append("photo")
    if photo is not None:
        # The storage name comes from profile_photo_path: random, never the uploader's file name.
        profile.photo.save("photo.jpg", photo, save=False)
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
    display_name = display_name.strip()
    if display_name and display_name != member.display_name:
        member.display_name = display_name
        member.save(update_fields=["display_name"])
    return profile


def record_data_export(*, member: User) -> None:
    """Exports are logged (SECURITY.md channel 36), so a member can see when their data left the site."""
    record(actor=member, action="account.data_exported", target=member, summary=_("Downloaded their data"))
