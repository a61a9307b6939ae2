"""A visitor or editor over plain HTTP: forms read from the page and sent back as a browser
would send them (hidden fields, CSRF token, inline management forms included)."""

import re
import time
from html.parser import HTMLParser

import requests


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._form["fields"].append(
                [name, attrs.get("value", "on" if kind == "checkbox" else "")]
            )
        elif tag == "select" and name:
            self._select = {
                "name": name,
                "selected": [],
                "first": None,
                "multiple": "multiple" in attrs,
            }
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attrs:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if not chosen and not self._select["multiple"] and self._select["first"] is not None:
                chosen = [self._select["first"]]
            for value in chosen:
                self._form["fields"].append([self._select["name"], value])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(self._textarea)
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def forms_of(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_data(html, method="post", index=None, contains=None, form_id=None):
    """The fields of one form as a dict (lists for repeated names): the first form sent with
    ``method`` that has the ``form_id`` or a field named ``contains``."""
    candidates = [
        form for form in forms_of(html) if form["attrs"].get("method", "get").lower() == method
    ]
    if contains:
        candidates = [
            form for form in candidates if any(name == contains for name, _ in form["fields"])
        ]
    if form_id:
        candidates = [form for form in candidates if form["attrs"].get("id") == form_id]
    form = candidates[index or 0]
    data = {}
    for name, value in form["fields"]:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    return data


class Visitor:
    """One browser session against one base URL (a node or the load balancer)."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def url(self, path):
        return path if path.startswith("http") else self.base_url + path

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        return self.session.get(self.url(path), **kwargs)

    def post(self, path, data, files=None, referer=None, **kwargs):
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        headers = {"Referer": referer or self.url(path)}
        return self.session.post(self.url(path), data=data, files=files, headers=headers, **kwargs)

    def with_base(self, base_url):
        """The same session (cookies) against another node."""
        other = Visitor(base_url)
        other.session = self.session
        return other

    def log_in(self, username, password):
        page = self.get("/admin/login/?next=/admin/")
        data = form_data(page.text)
        data.update({"username": username, "password": password})
        response = self.post("/admin/login/?next=/admin/", data)
        assert response.status_code == 302, response.text[:2000]
        return self

    def fill(self, path, values, contains=None):
        """Open a public form, wait the minimum time a person needs, fill it in."""
        page = self.get(path)
        assert page.status_code == 200, page.status_code
        data = form_data(page.text, contains=contains)
        data.update(values)
        return data


def wait_form_min_seconds(seconds):
    time.sleep(seconds + 0.2)


def text_of(response):
    return re.sub(r"\s+", " ", response.text)
