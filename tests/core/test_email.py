from practica.core.email import render_templated_email


def test_plain_text_e_mails_are_not_html_escaped(settings):
    settings.SITE_NAME = "Counsellors' Network"
    subject, text, html = render_templated_email(
        "communities/email/join_request_decided",
        {"status": "admitted", "community_name": "Supervisors' Circle", "name": "Ann O'Neill", "url": "/"},
    )
    assert subject == "You have joined Supervisors' Circle"
    assert "Ann O'Neill" in text
    assert "&#x27;" in html or "O'Neill" not in html
