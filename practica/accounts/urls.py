from django.urls import path

from practica.accounts.views import blocks, legal, media, profiles, register, staff

app_name = "accounts"

urlpatterns = [
    # Members: profiles, directory, their own account.
    path("members/", profiles.directory, name="directory"),
    path("members/<int:pk>/", profiles.profile_detail, name="profile"),
    path("profile/edit/", profiles.profile_edit, name="profile-edit"),
    path("profile/preview/", profiles.profile_preview, name="profile-preview"),
    path("members/<int:pk>/photo/", media.profile_photo, name="profile-photo"),
    path("members/<int:pk>/block/", blocks.block, name="block"),
    path("members/<int:pk>/unblock/", blocks.unblock, name="unblock"),
    path("account/blocks/", blocks.block_list, name="blocks"),
    path("account/privacy/", profiles.account_overview, name="account"),
    path("account/privacy/export/", profiles.data_export, name="data-export"),
    path("account/privacy/erase/", profiles.erasure_request, name="erasure-request"),
    # Legal pages (public), acceptance, and reporting a concern.
    path("legal/accept/", legal.legal_accept, name="legal-accept"),
    path("legal/<slug:kind>/", legal.legal_document, name="legal-document"),
    path("legal/<slug:kind>/v<int:version>/", legal.legal_document, name="legal-version"),
    path("concern/", legal.report_concern, name="report-concern"),
    # Invitations (the accept link is public).
    path("invite/<str:token>/", register.invitation_accept, name="invitation-accept"),
    # Staff tools.
    path("staff/", staff.staff_home, name="staff-home"),
    path("staff/members/", staff.member_list, name="staff-members"),
    path("staff/members/<int:pk>/role/", staff.member_role, name="staff-member-role"),
    path("staff/audit/", staff.audit_log, name="staff-audit"),
    path("staff/erasure/", staff.erasure_list, name="staff-erasure-list"),
    path("staff/erasure/<int:pk>/", staff.erasure_decide, name="staff-erasure-decide"),
    path("staff/register/", register.register_list, name="staff-register"),
    path("staff/register/import/", register.register_import, name="staff-register-import"),
    path("staff/register/import/<int:pk>/", register.register_import_detail, name="staff-register-import-detail"),
    path("staff/invitations/", register.invitation_list, name="staff-invitations"),
    path("staff/invitations/new/", register.invitation_create, name="staff-invitation-create"),
    path("staff/invitations/<int:pk>/revoke/", register.invitation_revoke, name="staff-invitation-revoke"),
    path("staff/legal/", legal.legal_manage, name="staff-legal"),
    path("staff/legal/<slug:kind>/new/", legal.legal_draft, name="staff-legal-draft"),
    path("staff/legal/document/<int:pk>/publish/", legal.legal_publish, name="staff-legal-publish"),
]
