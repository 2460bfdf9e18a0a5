"""Help > Contents: how the app works, in plain words. It explains the app, not medicine."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

HELP_HTML = """
<h1>Second Look: help</h1>
<p>Second Look keeps the medical records for a second opinion together on this computer,
checks what is still missing, and puts everything into one packet you can hand to the
specialist. Nothing is sent anywhere: the app never connects to the internet.</p>

<h2>Getting started</h2>
<ol>
<li><b>Add a person</b>: the one the records are about (you, or someone you care for).</li>
<li><b>Start a packet</b>: one packet for each second opinion. Write down the main question
you want the specialist to answer.</li>
<li><b>Bring in your records</b>: drag files from patient portals, scans, photos of papers
and the contents of imaging CDs onto the window, or use <i>File &gt; Import…</i>.
The files are copied; your originals are never changed or moved.</li>
<li><b>Fill in the rest</b>: the timeline, medications, allergies, questions, and what you
have requested from each office.</li>
<li><b>Check and export</b>: the Overview shows what a specialist usually needs and what is
still missing; Export writes the packet to a folder or a USB stick.</li>
</ol>

<h2>The sections</h2>
<dl>
<dt><b>Overview</b></dt><dd>The packet's essentials: your question, what the first doctor
said and proposed, the second-opinion appointment and whether insurance was checked, and a
checklist of what is ready and what is missing. "Fix it" takes you to the place to fix it.</dd>
<dt><b>Timeline</b></dt><dd>Your own short history: first symptoms, tests, diagnoses and
treatments tried, each with a date.</dd>
<dt><b>Medications</b> and <b>Allergies</b></dt><dd>What is taken now (name, dose, how
often), and allergies with the reaction. If there are none, tick the box that says so: an
empty list could otherwise mean "nobody asked".</dd>
<dt><b>Documents</b></dt><dd>The files you brought in, with a preview, search, and the
category and date of each. Guessed categories and dates are marked until you confirm
them. A file that names another patient (a relative's download, a CD or fax of someone
else) is marked too: say it is the person's after all (another name or a typo), or move it
to the person it belongs to. The person's other names, such as a maiden name, are kept in
their details.</dd>
<dt><b>Questions</b></dt><dd>What you want to ask the second doctor, with room for the
answers.</dd>
<dt><b>Requests &amp; items</b></dt><dd>Records are not passed between offices
automatically. Track each request and each physical item, such as pathology slides or an
imaging CD: requested, received, packed, sent, returned.</dd>
<dt><b>Export</b></dt><dd>Writes one PDF to read from front to back, plus a folder with
every original file and a list of checksums, so nothing is lost on the way.</dd>
<dt><b>After the visit</b></dt><dd>Write down what the second doctor said next to what the
first doctor said, mark where they agree, refine or differ, and note the answers to your
questions and the letter that came afterwards. When the two differ, the page lists what
people often do next. <i>Ask for a third opinion</i> starts a new packet with both
opinions already in it; <i>Save "What I learned" PDF</i> makes one or two pages to take to
the follow-up with your first doctor. The Overview's <i>Where things stand</i> shows each
step (records, appointment, visit, follow-up) with its date, what is overdue, and lent
items that must go back.</dd>
</dl>

<h2>Dates</h2>
<p>Type dates the way you remember them: <i>14 March 2026</i>, <i>March 2026</i>,
<i>2019</i>, or <i>about 2015</i>. The app keeps exactly what you know and shows it back
the same way.</p>

<h2>Undo</h2>
<p>Every change and every deletion can be undone with <i>Edit &gt; Undo</i> (Ctrl+Z) and
redone with Ctrl+Shift+Z. A deleted document goes to the trash first, and stays there until
you empty it.</p>

<h2>Where your records are kept</h2>
<p>Everything is kept in one library folder on this computer. The app keeps automatic
safety copies of its database. Only one copy of the app can have a library open at a
time.</p>

<h2>Keyboard</h2>
<table cellpadding="3">
<tr><td>Ctrl+N</td><td>Add a new item in the current section</td></tr>
<tr><td>Ctrl+O</td><td>Import files</td></tr>
<tr><td>Ctrl+F</td><td>Search the documents</td></tr>
<tr><td>Ctrl+Z / Ctrl+Shift+Z</td><td>Undo / redo</td></tr>
<tr><td>Delete</td><td>Delete the selected item (it can be undone)</td></tr>
<tr><td>Enter</td><td>Open the selected item to change it</td></tr>
<tr><td>Ctrl+1 … Ctrl+9</td><td>Go to a section (Export: Ctrl+E)</td></tr>
<tr><td>Ctrl+plus / Ctrl+minus / Ctrl+0</td><td>Larger text / smaller text / normal size</td></tr>
<tr><td>F1</td><td>This help</td></tr>
<tr><td>Ctrl+Q</td><td>Quit</td></tr>
</table>

<h2>What this app is not</h2>
<p>Second Look organises records. It does not read them for you, does not judge what they
mean, and gives no medical advice. Questions about a diagnosis or a treatment belong with
your doctors.</p>
"""


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_dialog")
        self.setWindowTitle("Second Look help")
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Help text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(HELP_HTML)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth() * 90
        self.resize(width, int(width * 0.9))
