"""The filters that keep addresses and telephone numbers readable on a phone."""

from django.template import Context, Template


def render(text: str, value) -> str:
    return Template("{% load portal %}" + text).render(Context({"value": value}))


def test_an_address_may_wrap_after_its_separators_only():
    html = render("{{ value|breakable }}", "awa.ndiaye@mutuelle-fandene.sn")

    assert html == "awa.<wbr>ndiaye@<wbr>mutuelle-<wbr>fandene.<wbr>sn"


def test_an_address_is_escaped_before_it_gets_its_breaks():
    html = render("{{ value|breakable }}", "<b>x</b>@example.sn")

    assert html == "&lt;b&gt;x&lt;/<wbr>b&gt;@<wbr>example.<wbr>sn"


def test_each_number_of_a_phone_field_is_a_tap_to_call_link_kept_whole():
    html = render("{{ value|phone_links }}", "+225 22 42 82 82 / +225 05 96 24 41")

    assert html == (
        '<a href="tel:+22522428282">+225\xa022\xa042\xa082\xa082</a> / '
        '<a href="tel:+22505962441">+225\xa005\xa096\xa024\xa041</a>'
    )


def test_a_phone_field_without_a_number_is_shown_as_written_and_escaped():
    html = render("{{ value|phone_links }}", "<i>n/a</i>")

    assert "href" not in html
    assert "&lt;i&gt;" in html
