"""Two app servers behind nginx, sharing PostgreSQL, Redis and object storage.

Writes go through one node, reads through the other and through the load balancer; then the
shared parts fail one at a time and come back.
"""

import io
import re
import shutil
import time
import uuid

import pytest
import requests
from PIL import Image

from tests.browserless import Visitor, form_data, wait_form_min_seconds

from .conftest import EDITOR, FORM_MIN_SECONDS, PRIVATE_BUCKET, PUBLIC_BUCKET

pytestmark = pytest.mark.cluster

PARTNER_PK = 1
PARTNER_PATH = "/partner/ihk-nrw/"
PUBLIC_PATHS = [
    "/",
    "/partner/",
    PARTNER_PATH,
    "/partner/statistik/",
    "/partner/feed/",
    "/presse/",
    "/presse/termine/",
    "/presse/feed/",
    "/presse/termine.ics",
    "/suche/?q=Vielfalt",
    "/impressum/",
    "/sitemap.xml",
    "/kontakt/",
    "/partner-werden/",
]


def pdf_bytes():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def editor(base_url):
    return Visitor(base_url).log_in(*EDITOR)


def change_partner(visitor, changes, files=None):
    path = f"/admin/partners/partner/{PARTNER_PK}/change/"
    page = visitor.get(path)
    assert page.status_code == 200, page.status_code
    data = form_data(page.text, form_id="partner_form")
    data.pop("_addanother", None)
    data.pop("_continue", None)
    data.update(changes)
    data["_save"] = "Sichern"
    response = visitor.post(path, data, files=files)
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', response.text
    )
    return response


def contact_message(visitor, subject, email="erika@example.org"):
    return visitor.fill(
        "/kontakt/",
        {
            "name": "Erika Mustermann",
            "email": email,
            "subject": subject,
            "message": "Wir möchten mehr über die Initiative erfahren.",
            "consent": "on",
        },
        contains="subject",
    )


def test_an_edit_through_node_a_is_served_by_node_b_at_once(cluster):
    visitor = Visitor(cluster.node_b.url)
    assert visitor.get(PARTNER_PATH).status_code == 200
    assert visitor.get(PARTNER_PATH).headers.get("X-Page-Cache") == "hit"

    new_name = f"IHK NRW {uuid.uuid4().hex[:6]}"
    change_partner(editor(cluster.node_a.url), {"name": new_name})

    for base in (cluster.node_b.url, cluster.nginx.url, cluster.node_a.url):
        assert new_name in Visitor(base).get(PARTNER_PATH).text


def test_a_photo_uploaded_through_node_a_renders_from_node_b(cluster):
    files = {"photos-0-image": ("foto.jpg", jpeg_bytes(), "image/jpeg")}
    change_partner(
        editor(cluster.node_a.url),
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-id": "",
            "photos-0-partner": str(PARTNER_PK),
            "photos-0-alt_text": "Unterzeichnung im Ministerium",
            "photos-0-caption": "",
            "photos-0-credit": "MAIS NRW",
            "photos-0-order": "0",
        },
        files=files,
    )
    page = Visitor(cluster.node_b.url).get(PARTNER_PATH).text
    urls = set(re.findall(r'(?:src|srcset)="([^"]+)"', page))
    image_urls = {
        candidate.split()[0]
        for attribute in urls
        for candidate in attribute.split(",")
        if cluster.s3.endpoint_url in candidate or "/media/" in candidate
    }
    assert len(image_urls) >= 3, page  # the original's fallback plus renditions
    for url in image_urls:
        response = requests.get(
            url if url.startswith("http") else cluster.node_b.url + url, timeout=10
        )
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] in {"image/jpeg", "image/webp"}, url


def test_a_request_attachment_sent_to_node_b_downloads_through_node_a_and_is_purged(cluster):
    organisation = f"Stadtwerke Beispiel {uuid.uuid4().hex[:6]}"
    visitor = Visitor(cluster.node_b.url)
    category = re.search(r'<option value="(\d+)"', visitor.get("/partner-werden/").text).group(1)
    data = visitor.fill(
        "/partner-werden/",
        {
            "organisation": organisation,
            "category": category,
            "city": "Dortmund",
            "region": "arnsberg",
            "website": "https://www.example.org",
            "contact_name": "Erika Mustermann",
            "contact_role": "Personalleitung",
            "email": "erika@example.org",
            "phone": "0231 123456",
            "measures": "Mehrsprachige Ausbildungsmessen",
            "message": "Wir möchten Partner werden.",
            "consent": "on",
        },
        contains="organisation",
    )
    wait_form_min_seconds(FORM_MIN_SECONDS)
    attachment = pdf_bytes()
    response = visitor.post(
        "/partner-werden/",
        data,
        files={"attachment": ("konzept.pdf", attachment, "application/pdf")},
    )
    assert response.status_code == 302, re.findall(r"invalid-feedback[^>]*>(.*?)<", response.text)

    pk = cluster.shell(
        "from contact.models import PartnerRequest; "
        f"print(PartnerRequest.objects.get(organisation={organisation!r}).pk)"
    )
    private_keys = _keys(cluster, PRIVATE_BUCKET)
    assert any(key.endswith(".pdf") for key in private_keys)
    assert not any(
        key.endswith(".pdf") and "requests" in key for key in _keys(cluster, PUBLIC_BUCKET)
    )

    download = editor(cluster.node_a.url).get(f"/admin/contact/partnerrequest/{pk}/anlage/")
    assert download.status_code == 200
    assert download.content == attachment

    cluster.manage(
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from contact.models import PartnerRequest; "
        f"PartnerRequest.objects.filter(pk={pk}).update(status='rejected', "
        "closed_at=timezone.now() - datetime.timedelta(days=400))",
    )
    cluster.manage("purge_submissions")
    assert _keys(cluster, PRIVATE_BUCKET) == private_keys - {
        key for key in private_keys if key.endswith(".pdf")
    }


def _keys(cluster, bucket):
    return cluster.s3.keys(bucket)


def test_redis_down_pages_and_forms_still_work_and_caching_resumes(cluster, redis_stopped):
    for base in (cluster.nginx.url, cluster.node_a.url, cluster.node_b.url):
        visitor = Visitor(base)
        for path in PUBLIC_PATHS:
            assert visitor.get(path).status_code == 200, (base, path)

    visitor = Visitor(cluster.nginx.url)
    data = contact_message(visitor, "Redis ist weg")
    wait_form_min_seconds(FORM_MIN_SECONDS)
    assert visitor.post("/kontakt/", data).status_code == 302
    admin = editor(cluster.node_a.url)
    assert admin.get("/admin/").status_code == 200
    change_partner(admin, {"city": "Düsseldorf"})

    cluster.redis.start()
    visitor = Visitor(cluster.node_a.url)
    deadline = time.monotonic() + 20
    while visitor.get("/presse/").headers.get("X-Page-Cache") != "hit":
        assert time.monotonic() < deadline, "page cache did not come back with Redis"
        time.sleep(0.5)


def test_database_down_form_keeps_input_with_503_and_is_accepted_afterwards(cluster):
    visitor = Visitor(cluster.nginx.url)
    subject = f"Ausfall {uuid.uuid4().hex[:6]}"
    data = contact_message(visitor, subject)
    wait_form_min_seconds(FORM_MIN_SECONDS)
    assert visitor.get("/readyz").status_code == 200

    cluster.postgres.stop()
    try:
        response = visitor.post("/kontakt/", data)
        assert response.status_code == 503
        assert "Retry-After" in response.headers
        assert "nicht gesendet" in response.text or "nicht versandt" in response.text
        assert subject in response.text
        assert "Wir möchten mehr über die Initiative erfahren." in response.text
        # What the visitor sends again: the form as it came back, every value kept.
        again = form_data(response.text, contains="subject")
        assert again["subject"] == subject
        uncached = visitor.get(f"/partner/?q={uuid.uuid4().hex}")
        assert uncached.status_code == 503
        assert "<html" in uncached.text
        assert visitor.get("/readyz").status_code == 503
        assert visitor.get("/healthz").status_code == 200
    finally:
        cluster.postgres.start()

    assert visitor.get("/readyz").status_code == 200
    wait_form_min_seconds(FORM_MIN_SECONDS)
    accepted = visitor.post("/kontakt/", again)
    assert accepted.status_code == 302
    count = cluster.shell(
        "from contact.models import ContactMessage; "
        f"print(ContactMessage.objects.filter(subject={subject!r}).count())"
    )
    assert count == "1"


def test_two_notification_workers_send_each_mail_exactly_once(cluster):
    cluster.start_worker("worker-1")
    cluster.start_worker("worker-2")
    run = uuid.uuid4().hex[:6]
    senders = [f"absender-{run}-{number}@example.org" for number in range(6)]
    visitors = [Visitor(cluster.nginx.url) for _ in senders]
    forms = [
        contact_message(visitor, f"Zweimal {run}", email=sender)
        for visitor, sender in zip(visitors, senders, strict=True)
    ]
    wait_form_min_seconds(FORM_MIN_SECONDS)
    for visitor, data in zip(visitors, forms, strict=True):
        assert visitor.post("/kontakt/", data).status_code == 302

    def mails_about(sender):
        # The confirmation goes to the sender, the office's notification replies to them.
        return [
            message
            for recipients, message in cluster.smtp.messages
            if sender in recipients or sender in str(message.get("Reply-To", ""))
        ]

    deadline = time.monotonic() + 60
    while any(len(mails_about(sender)) < 2 for sender in senders):
        assert time.monotonic() < deadline, "the workers did not send within a minute"
        time.sleep(0.5)
    time.sleep(2)  # a double send would arrive now
    for sender in senders:
        assert len(mails_about(sender)) == 2, sender
    for worker in cluster.workers:
        assert worker.running(), worker.tail()


def test_two_releases_side_by_side_never_serve_each_others_pages(cluster):
    release_1_static = cluster.env["DJANGO_STATIC_ROOT"]
    release_2_static = str(cluster.folder / "static-release-2")
    shutil.copytree(release_1_static, release_2_static)
    # The new release ships a changed stylesheet under a new hashed name.
    import json
    from pathlib import Path

    manifest_path = Path(release_2_static) / "staticfiles.json"
    manifest = json.loads(manifest_path.read_text())
    old_css = manifest["paths"]["css/site.css"]
    new_css = old_css.replace("site.", "site.release2.")
    shutil.copy(Path(release_2_static) / old_css, Path(release_2_static) / new_css)
    manifest["paths"]["css/site.css"] = new_css
    manifest_path.write_text(json.dumps(manifest))

    new_node = cluster.start_node(
        "node-release-2", DJANGO_RELEASE="release-2", DJANGO_STATIC_ROOT=release_2_static
    )
    cluster.nodes.append(new_node)
    new = Visitor(new_node.url)
    old = Visitor(cluster.node_a.url)
    for path in ("/", "/partner/", "/presse/"):
        assert new_css.split("/")[-1] in new.get(path).text
        assert new.get(path).headers.get("X-Page-Cache") == "hit"
        page = old.get(path).text
        assert new_css.split("/")[-1] not in page
        stylesheet = re.search(r'href="(/static/css/site\.[^"]+\.css)"', page).group(1)
        assert old.get(stylesheet).status_code == 200
