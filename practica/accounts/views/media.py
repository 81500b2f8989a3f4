"""Uploaded files served through permission checks: there is no public URL for any member's file."""

from django.http import FileResponse
from django.views.decorators.http import require_GET

from practica.accounts import queries


@require_GET
def profile_photo(request, pk: int):
    """A member's photo, for viewers allowed to see it; 404 otherwise, exactly as if there were none."""
    profile = queries.get_member_with_photo_for(request.user, pk)
    response = FileResponse(profile.photo.open("rb"), content_type="image/jpeg")
    # Never a download name from the uploader; the browser shows it inline.
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
