import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partners.models import Category, DatePrecision, Partner


@pytest.mark.parametrize(
    ("precision", "day", "display", "iso"),
    [
        (DatePrecision.DAY, datetime.date(2015, 5, 28), "28. Mai 2015", "2015-05-28"),
        (DatePrecision.MONTH, datetime.date(2015, 11, 17), "November 2015", "2015-11"),
        (DatePrecision.YEAR, datetime.date(2016, 9, 30), "2016", "2016"),
    ],
)
def test_signing_date_is_shown_at_its_precision(make_partner, precision, day, display, iso):
    partner = make_partner(signed_on=day, signed_on_precision=precision)
    partner.refresh_from_db()
    assert partner.signed_on_display == display
    assert partner.signed_on_iso == iso


def test_month_and_year_precision_never_store_an_invented_day(make_partner):
    by_month = make_partner(
        signed_on=datetime.date(2015, 11, 17), signed_on_precision=DatePrecision.MONTH
    )
    by_year = make_partner(
        signed_on=datetime.date(2016, 9, 30), signed_on_precision=DatePrecision.YEAR
    )
    by_month.refresh_from_db()
    by_year.refresh_from_db()
    assert by_month.signed_on == datetime.date(2015, 11, 1)
    assert by_year.signed_on == datetime.date(2016, 1, 1)


def test_unknown_date_displays_nothing(make_partner):
    partner = make_partner(signed_on=None, signed_on_precision=DatePrecision.UNKNOWN)
    assert partner.signed_on_display == ""
    assert partner.signed_on_iso == ""


def test_clean_requires_precision_and_date_to_agree(make_partner):
    partner = make_partner()
    partner.signed_on_precision = DatePrecision.UNKNOWN
    with pytest.raises(ValidationError) as error:
        partner.clean()
    assert "signed_on_precision" in error.value.message_dict
    partner.signed_on = None
    partner.signed_on_precision = DatePrecision.DAY
    with pytest.raises(ValidationError) as error:
        partner.clean()
    assert "signed_on" in error.value.message_dict


def test_published_hides_drafts(make_partner):
    visible = make_partner()
    make_partner(is_published=False)
    assert list(Partner.objects.published()) == [visible]


def test_newest_signing_first_and_unknown_dates_last(make_partner):
    old = make_partner(signed_on=datetime.date(2012, 3, 26))
    unknown = make_partner(signed_on=None, signed_on_precision=DatePrecision.UNKNOWN)
    new = make_partner(signed_on=datetime.date(2016, 1, 1), signed_on_precision="year")
    assert list(Partner.objects.with_list_data()) == [new, old, unknown]


def test_an_undated_partner_stands_where_it_is_listed_and_same_dates_by_list_order(
    make_partner,
):
    undated = {"signed_on": None, "signed_on_precision": DatePrecision.UNKNOWN}
    newest = make_partner(name="Z neu", **undated, listed_as_of=datetime.date(2016, 1, 1))
    second = make_partner(
        name="A neu", **undated, listed_as_of=datetime.date(2016, 1, 1), list_order=1
    )
    juelich = make_partner(
        name="Stadt Jülich",
        signed_on=datetime.date(2016, 1, 1),
        signed_on_precision=DatePrecision.YEAR,
        list_order=2,
    )
    between = make_partner(name="Z", **undated, listed_as_of=datetime.date(2015, 11, 3))
    dated = make_partner(name="A", signed_on=datetime.date(2015, 11, 3), list_order=1)
    unplaced = make_partner(name="Ohne", **undated)
    assert list(Partner.objects.with_list_data()) == [
        newest,
        second,
        juelich,
        between,
        dated,
        unplaced,
    ]
    assert list(Partner.objects.all()) == list(Partner.objects.with_list_data())
    assert newest.signed_on_display == "" and newest.signed_on_iso == ""


def test_listed_as_of_is_only_for_undated_partners(make_partner):
    partner = make_partner(listed_as_of=datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError) as error:
        partner.clean()
    assert "listed_as_of" in error.value.message_dict


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_list_and_the_feed_are_read_in_the_order_of_an_index(make_partner):
    make_partner()
    for queryset, index in [
        (Partner.objects.published().with_list_data()[:20], "partner_list_order"),
        (Partner.objects.published().for_feed()[:20], "partner_feed_list_order"),
    ]:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
        assert f"SCAN partners_partner USING INDEX {index}" in plan
        assert "TEMP B-TREE" not in plan


def test_categories_are_read_with_the_partner_in_their_order(make_partner, category):
    police = Category.objects.create(name="Polizei", slug="polizei", order=50)
    agency = Category.objects.create(name="Jobcenter", slug="jobcenter", order=40)
    joint = make_partner(categories=[police, agency])
    make_partner()
    partner = Partner.objects.with_list_data().get(pk=joint.pk)
    assert [c.slug for c in partner.category_list] == ["jobcenter", "polizei"]
    assert partner.category_names == "Jobcenter, Polizei"
    assert [c.slug for c in Partner.objects.get(pk=joint.pk).category_list] == [
        "jobcenter",
        "polizei",
    ]
    assert list(Partner.objects.filter_by({"category": police})) == [joint]


def test_search_covers_names_cities_signatories_and_quotes(make_partner):
    soest = make_partner(name="Kreis Soest", city="Soest")
    lippe = make_partner(name="Kreis Lippe", city="Detmold")
    lippe.quotes.update(text="Wir Lipper sind stolz")
    lippe.signatories.filter(side="partner").update(name="Friedel Heuwinkel")
    published = Partner.objects.published()
    assert list(published.search("soest")) == [soest]
    assert list(published.search("Heuwinkel")) == [lippe]
    assert list(published.search("stolz")) == [lippe]
    assert list(published.search("kreis detmold")) == [lippe]
    assert set(published.search("Klute")) == {soest, lippe}
    assert set(published.search("")) == {soest, lippe}


def test_filter_by_combines_category_region_and_year(make_partner, category):
    match = make_partner(region="detmold", signed_on=datetime.date(2012, 8, 15))
    make_partner(region="detmold", signed_on=datetime.date(2013, 8, 15))
    make_partner(region="koeln", signed_on=datetime.date(2012, 8, 15))
    result = Partner.objects.filter_by({"category": category, "region": "detmold", "year": 2012})
    assert list(result) == [match]


def test_signing_years_are_distinct_and_newest_first(make_partner):
    make_partner(signed_on=datetime.date(2012, 8, 15))
    make_partner(signed_on=datetime.date(2012, 3, 26))
    make_partner(signed_on=datetime.date(2015, 5, 28))
    make_partner(signed_on=None, signed_on_precision=DatePrecision.UNKNOWN)
    assert Partner.objects.signing_years() == [2015, 2012]


def test_links_besides_website_drops_the_repeated_website(make_partner):
    partner = make_partner(website="https://www.ihk-nrw.de/")
    partner.links.create(label="IHK NRW", url="https://www.ihk-nrw.de/", kind="website")
    press = partner.links.create(label="Pressemeldung des MAIS", url="", kind="ministry_press")
    assert partner.links_besides_website() == [press]
