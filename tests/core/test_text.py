from practica.core.text import render_markdown


def test_markdown_is_rendered_to_html():
    assert render_markdown("**kind** and _professional_") == "<p><strong>kind</strong> and <em>professional</em></p>\n"


def test_raw_html_and_scripts_never_survive():
    html = render_markdown("<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))")
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html


def test_links_are_marked_so_they_leak_no_referrer():
    html = render_markdown("[guidance](https://example.org/guidance)")
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_top_level_heading_becomes_a_second_level_one_below_the_page_title():
    assert render_markdown("# Title").startswith("<h2>")


def test_images_are_not_embedded_so_no_external_pixel_can_track_readers():
    assert "<img" not in render_markdown("![pixel](https://tracker.example/p.gif)")
