"""Realistic exports to import, written from each system's documented headers (and a minimal .xlsx writer)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

BOM = "\ufeff"

# Greenhouse's bulk-import spreadsheet, saved as "CSV UTF-8" by Excel: with a BOM, CRLF, a quoted multi-line note.
GREENHOUSE = (
    BOM + "First Name,Last Name,Email,Phone,Social Media,Job,Source,Notes\r\n"
    "Ada,Lovelace,ADA.LOVELACE@Example.ORG,,,Staff Data Engineer,Referral,\r\n"
    "Linus,Torvalds,linus@example.fi,+358 40 000 0001,https://github.com/linus-example,Kernel Engineer,"
    '"LinkedIn (Prospecting)","Built his own version control\r\nover a weekend"\r\n'
    "Barbara,Liskov,barbara@example.edu,+1 617 555 0100,https://www.linkedin.com/in/barbara-liskov-example/,"
    "Principal Engineer,Conference,Substitution principle fan\r\n"
)

# Lever's candidate export: archived people carry an archive reason and date; the hired are archived too.
LEVER = (
    "Full-Name,Email,Phone,Stage,Archive-Reason,Archive-Date,Sources,Links\n"
    "Edsger Dijkstra,edsger@example.nl,+31 20 000 0001,Phone screen,Underqualified,2024-01-31 06:00:00.000,"
    '"Referral, Agency",https://www.linkedin.com/in/edsger-example\n'
    "Alan Turing,alan@example.co.uk,,On-site interview,,,Inbound,\n"
    "Frances Allen,frances@example.com,,Offer,Hired,2024-02-20 10:00:00.000,Referral,\n"
    "Tony Hoare,tony@example.co.uk,,Technical interview,Timing,2024-03-05 09:30:00.000,Careers page,\n"
)

# SmartRecruiters' export, from a German Excel: semicolons; one person applied twice; Kwame by phone only.
SMARTRECRUITERS = (
    "candidateFirstName;candidateLastName;candidateEmail;candidatePhoneNumber;jobTitle;applicationStage;"
    "applicationReasonOfRejection;applicationLastUpdate\n"
    "John;Backus;john.backus@example.com;+1 408 555 0142;Compiler Engineer;REJECTED;Position filled;"
    "2017-09-27T12:03:02.728Z\n"
    "John;Backus;JOHN.BACKUS@example.com;;Language Designer;REJECTED;Not enough experience;2017-10-02T08:00:00.000Z\n"
    "Kwame;Mensah;;00233 (30) 000-0055;Staff Backend Engineer;REJECTED;Team too senior;2025-01-15T09:00:00Z\n"
    "Niklaus;Wirth;niklaus@example.ch;;Language Designer;INTERVIEW;;2017-10-01T08:00:00.000Z\n"
)

# Recruitee's export, tab-separated; José's LinkedIn written another way (country subdomain, tracking, case).
RECRUITEE = (
    "Name\tJobs\tEmails\tPhones\tTags\tSources\tLinks\n"
    "José Martínez\tPlatform Engineer\t\t\tspanish; kubernetes\tCareer site\t"
    "http://es.linkedin.com/in/Jose-Martinez-Example?trk=profile https://jose.example.es\n"
    "Radia Perlman\tNetwork Engineer\tradia@example.com, radia.p@example.org\t+1 555 0100 200\tnetworking\tReferral\t"
    "https://www.linkedin.com/in/radia-example\n"
)

# A recruiter's own spreadsheet: row 4's date reads both ways, row 5's is out of range, row 6 is still open.
PLAIN = (
    "Candidate Name,Position,Rejection Reason,Rejected On\n"
    "Grace Brewster,Compiler Engineer,Wanted more distributed systems,15 Mar 2024\n"
    "Katherine Johnson,Data Analyst,Team was full,03/15/2024\n"
    "Dorothy Vaughan,Data Analyst,Another finalist had more SQL,03/04/2024\n"
    "Mary Jackson,Data Analyst,Withdrew,1850-03-01\n"
    "Annie Easley,Data Engineer,,\n"
)

# LinkedIn's Connections.csv: a "Notes:" preamble, then the header line.
LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    'address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here"\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace-example,,Analytical Engines Ltd,"
    "Senior Data Engineer,15 Mar 2024\n"
    "Margaret,Heafield,https://www.linkedin.com/in/margaret-heafield-example,mh@example.com,Apollo Guidance,"
    "Lead Software Engineer,02 Jan 2023\n"
)


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """A minimal workbook of one sheet: text as inline strings, numbers, and dates as numbers in a date style."""
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_rows = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_column(c)}{r}"
            if value is None:
                continue
            if isinstance(value, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(value - dt.date(1899, 12, 30)).days}</v></c>')
            elif isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                text = escape(str(value))
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    parts = {
        "[Content_Types].xml": xml + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": xml + f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": xml + f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="Candidates" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": xml + f'<Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": xml + f'<styleSheet xmlns="{main}"><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": xml + f'<worksheet xmlns="{main}"><sheetData>{"".join(sheet_rows)}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path
