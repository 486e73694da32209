"""The home page in headless Chromium (Debian's `chromium`): Chinese by default, English on request."""
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed "
                                "(apt-get install -y chromium; see deploy/apt-packages.txt)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def gateway_db_url(sqlite_url):
    return sqlite_url


def _chromium(tmp_path, *args):
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, timeout=60, check=True).stdout.decode()


class _Page(HTMLParser):
    """What a reader sees of the home page: language, title, headings and the tenant list."""

    def __init__(self, dom):
        super().__init__()
        self.lang, self.title, self.headings, self.tenants = None, "", [], []
        self._in = None
        self.feed(dom)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag in ("title", "h1", "h2"):
            self._in = tag
            if tag != "title":
                self.headings.append("")
        elif tag == "li":
            self._in = "li"
            self.tenants.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in in ("h1", "h2"):
            self.headings[-1] += data
        elif self._in == "li":
            self.tenants[-1] += data


def test_home_page_is_in_chinese_by_default(gateway, tmp_path):
    page = _Page(_chromium(tmp_path, "--dump-dom", gateway.url + "/"))

    assert (page.lang, page.title, page.headings, page.tenants) == (
        "zh-CN", "中国工业互联网大赛 · 赛事平台", ["中国工业互联网大赛 · 赛事平台", "赛站与组委会"],
        ["2023-national 全国组委会", "2023-ningbo 宁波赛站"])


def test_home_page_is_in_english_with_lang_en(gateway, tmp_path):
    page = _Page(_chromium(tmp_path, "--dump-dom", gateway.url + "/?lang=en"))

    assert (page.lang, page.title, page.headings, page.tenants) == (
        "en", "China Industrial Internet Contest · Platform",
        ["China Industrial Internet Contest · Platform", "Stations and committee"],
        ["2023-national National committee", "2023-ningbo Ningbo station"])


def test_home_page_screenshot_is_a_png(gateway, tmp_path):
    screenshot = tmp_path / "home.png"

    _chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1000,700", gateway.url + "/")

    content = screenshot.read_bytes()
    assert content[:8] == PNG_SIGNATURE
    assert len(content) > 10_000  # a blank page compresses to a few hundred bytes


def test_a_font_for_chinese_is_installed():
    # Without one, Chromium draws the Chinese page as empty boxes (tofu).
    families = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True,
                              check=True).stdout

    assert families.strip() != "", "install fonts-wqy-zenhei (deploy/apt-packages.txt)"
