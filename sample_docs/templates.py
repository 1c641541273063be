"""Wording and fake data for the sample records made by generate.py.

Templates are prose in a small line markup, so the wording can be read and
edited without touching the layout code.  A line may start with a style tag:

    @org / @sub   letterhead name / letterhead detail line
    @title / @h   document title / section heading
    @p            paragraph, re-wrapped to the page; indented lines continue it
    @r / @c       right-aligned / centred line (scans draw every line left)
    @rows KEY     a table from the context; scans and text use its flat rows
    @page         page break
    blank line    vertical gap
    no tag        a plain left-aligned line

``[[a|b|c]]`` picks one alternative at random and ``{name}`` is filled from
the record's context, so one template yields many different documents.
Classes deliberately borrow each other's vocabulary (letters about invoices,
minutes about purchase orders, audits about contracts) so that keyword rules
are not enough to classify them.
"""

import datetime as dt
import re
from dataclasses import dataclass

FIRST_F = ["Emma", "Olivia", "Sophie", "Priya", "Mei", "Grace", "Hannah", "Fatima", "Claire",
           "Aisha", "Natalie", "Rebecca", "Laura", "Ingrid", "Yuki", "Chloe", "Amara", "Julia"]
FIRST_M = ["Liam", "Noah", "Daniel", "Arjun", "Wei", "Marcus", "Owen", "Samuel", "Gabriel",
           "Omar", "Patrick", "Ethan", "Lucas", "Mateo", "Kenji", "Victor", "Adrian", "Thomas"]
LAST = ["Anderson", "Bouchard", "Chen", "Dubois", "Fernandes", "Gallagher", "Hughes", "Ibrahim",
        "Jensen", "Kowalski", "Lefebvre", "MacDonald", "Nakamura", "Okafor", "Patel", "Quinn",
        "Rossi", "Singh", "Tremblay", "Underwood", "Vasquez", "Walsh", "Yilmaz", "Zhang",
        "Morrison", "Fraser", "Campbell", "Novak", "Haddad", "Bergstrom"]
PREFIXES = ["Northwind", "Maple Ridge", "Harbourview", "Bluewater", "Cedarline", "Granite Peak",
            "Silverbirch", "Lakeshore", "Kestrel", "Summit", "Pinecrest", "Riverbend", "Ironwood",
            "Clearwater", "Redstone", "Westgate", "Aurora", "Hillcrest", "Brightpath", "Stonebridge"]
ORG_TYPES = {
    "public": ["Regional Housing Authority", "District School Board", "Community Health Centre",
               "Conservation Authority", "Public Library Board", "Credit Union",
               "Township Municipal Office", "Transit Commission", "Community Foundation"],
    "vendor": ["Office Supply Co.", "Logistics Inc.", "Electrical Ltd.", "IT Services Inc.",
               "Facility Services", "Printing Ltd.", "Document Solutions Inc.",
               "Janitorial Services Inc.", "Hardware Corp.", "Records Storage Ltd."],
    "partner": ["Neighbourhood Association", "Family Services", "Literacy Council",
                "Seniors Centre", "Youth Employment Network", "Historical Society"],
    "utility": ["Hydro", "Energy Services", "Water and Wastewater Utility", "Telecom"],
    "clinic": ["Family Health Clinic", "Medical Centre", "Community Health Team",
               "Walk-In Clinic", "Occupational Health Services"],
}
CITIES = [("Toronto", "ON", "M5V 2T6", "416"), ("Ottawa", "ON", "K1P 5G4", "613"),
          ("Hamilton", "ON", "L8P 4R5", "905"), ("Kingston", "ON", "K7L 3N6", "613"),
          ("London", "ON", "N6A 3K7", "519"), ("Vancouver", "BC", "V6B 1A9", "604"),
          ("Victoria", "BC", "V8W 1P6", "250"), ("Calgary", "AB", "T2P 1J9", "403"),
          ("Edmonton", "AB", "T5J 0N3", "780"), ("Winnipeg", "MB", "R3C 0V8", "204"),
          ("Halifax", "NS", "B3J 1S9", "902"), ("Saskatoon", "SK", "S7K 0J5", "306")]
TAX = {"ON": ("HST", 13), "NS": ("HST", 15), "BC": ("GST", 5), "AB": ("GST", 5),
       "MB": ("GST", 5), "SK": ("GST", 5)}
STREETS = ["King Street West", "Bay Street", "Wellington Street", "Elgin Street",
           "Main Street East", "Granville Street", "Douglas Street", "Jasper Avenue",
           "Portage Avenue", "Barrington Street", "Princess Street", "Richmond Street",
           "Dundas Street", "Queen Street", "Spadina Avenue", "Commerce Drive",
           "Industrial Parkway", "Centre Street", "Victoria Avenue", "Kent Street"]
ROLES = ["Records Manager", "Director of Finance", "Procurement Officer", "Accounts Payable Clerk",
         "Facilities Coordinator", "Office Manager", "Chief Administrative Officer",
         "IT Services Lead", "Program Director", "Senior Analyst", "Operations Manager",
         "Corporate Secretary"]
JOBS = ["Records Analyst", "Payroll Administrator", "Senior Accountant", "Archivist",
        "Information Management Specialist", "Facilities Technician", "Program Coordinator",
        "Policy Advisor", "Systems Administrator", "Client Services Representative"]
DEPTS = ["Finance", "Records and Information Management", "Facilities", "Human Resources",
         "Information Technology", "Community Programs", "Legal Services", "Corporate Services"]
CODE_ADJ = ["Amber", "Cobalt", "Juniper", "Granite", "Willow", "Saffron", "Harbour", "Falcon",
            "Meadow", "Copper", "Lantern", "Tamarack", "Glacier", "Orchard", "Beacon"]
CODE_NOUN = ["Heron", "Bridge", "Compass", "Ledger", "Harvest", "Summit", "Anchor", "Prairie",
             "Signal", "Keystone", "Current", "Atlas", "Timber", "Lighthouse", "Quarry"]
SUPPLIES = [("Toner cartridge, black", 60, 140), ("Copy paper, 10-ream case", 45, 70),
            ("Archive storage boxes (pack of 25)", 55, 95), ("Label tape, 12 mm", 12, 25),
            ("Document scanning, per 1,000 images", 80, 160), ("Shredding bin service", 35, 75),
            ("Laptop docking station", 180, 320), ("Wireless keyboard and mouse", 45, 90),
            ("Network switch, 24-port", 300, 650), ("On-site technician, per hour", 85, 145),
            ("Filing cabinet, 4-drawer", 240, 480), ("Ergonomic desk chair", 220, 520),
            ("Hanging file folders (box of 50)", 18, 35), ("Courier delivery, same day", 25, 60),
            ("Barcode labels, roll of 2,000", 30, 70), ("Microfiche reader service", 150, 400)]
SERVICES = ["Review of supply agreement and correspondence", "Telephone call with client re lease",
            "Preparation of retention schedule", "Attendance at site meeting",
            "Drafting memo on privacy obligations", "Research on limitation periods",
            "Review of vendor invoices and payment history", "Revisions to draft agreement"]
LEAVES = [("compassionate care leave",
           "I am requesting leave to care for a family member who is seriously ill."),
          ("parental leave", "I will be taking the leave following the birth of our child."),
          ("education leave",
           "I have been accepted into a full-time course of study related to my position."),
          ("unpaid personal leave", "I need time to settle the estate of a relative abroad.")]
VACCINES = ["Tetanus, Diphtheria, Pertussis (Tdap)", "Measles, Mumps, Rubella (MMR)",
            "Hepatitis B", "Influenza", "COVID-19 mRNA", "Pneumococcal conjugate",
            "Varicella", "Hepatitis A"]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    flat: list[str]  # one line per row, for scans and text files (no tables there)
    cols: list[tuple[float, str]]  # (fraction of text width, "l"=left edge or "r"=right edge)


@dataclass
class Block:
    style: str
    text: str = ""
    table: Table | None = None


class Fake:
    """Names, numbers and dates for one document, drawn from a seeded RNG."""

    def __init__(self, rng, used):
        self.rng = rng
        self.used = used  # shared across documents so identifiers stay unique
        self.date_style = rng.randrange(4)
        self.cur = rng.choice(["$", "$", "$", "USD ", "CAD "])
        self.surnames = set()  # one family name per person within a document

    def pick(self, seq):
        return self.rng.choice(seq)

    def digits(self, n):
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def unique(self, make):
        # Every identifier is unique in the corpus so a search can find its document.
        while (value := make()) in self.used:
            pass
        self.used.add(value)
        return value

    def person(self):
        female = self.rng.random() < 0.5
        names = FIRST_F if female else FIRST_M
        last = self.pick([n for n in LAST if n not in self.surnames])
        self.surnames.add(last)
        first, last = self.unique(lambda: (self.pick(names), last))
        return first, last, "Ms." if female else "Mr."

    def org(self, kind):
        return self.unique(lambda: f"{self.pick(PREFIXES)} {self.pick(ORG_TYPES[kind])}")

    def date(self, start=dt.date(2024, 1, 8), days=660):
        day = start + dt.timedelta(days=self.rng.randrange(days))
        return day - dt.timedelta(days=max(0, day.weekday() - 4))  # business days only

    def d(self, day):
        if self.date_style == 0:
            return f"{day:%B} {day.day}, {day.year}"
        if self.date_style == 1:
            return day.isoformat()
        if self.date_style == 2:
            return f"{day:%m/%d/%Y}"
        return f"{day.day} {day:%B} {day.year}"

    def money(self, amount):
        return f"{self.cur}{amount:,.2f}"

    def sin(self):
        # Luhn-valid, like a real social insurance number, so validators accept it.
        while True:
            body = str(self.rng.choice("12345679")) + self.digits(7)
            total = sum(sum(divmod(int(ch) * (1 + i % 2), 10)) for i, ch in enumerate(body))
            full = body + str(-total % 10)
            if full not in self.used:
                self.used.add(full)
                return f"{full[:3]} {full[3:6]} {full[6:]}"

    def phone(self, area):
        style = self.rng.randrange(3)
        num = f"555-01{self.digits(2)}"  # 555-01xx numbers are reserved as fictional
        return [f"({area}) {num}", f"{area}-{num}", f"+1 {area} {num.replace('-', ' ')}"][style]


def base_context(f):
    d0 = f.date()
    c = {"date": f.d(d0), "year": d0.year, "prev_year": d0.year - 1, "_d0": d0}
    for n in (1, 3, 7, 14, 21, 28, 30, 45, 60, 90, 180, 365):
        c[f"date_p{n}"] = f.d(d0 + dt.timedelta(days=n))
        c[f"date_m{n}"] = f.d(d0 - dt.timedelta(days=n))
    orgs = {}
    for i, kind in enumerate(("public", "vendor", "partner"), 1):
        name = f.org(kind)
        city, prov, postal, area = f.pick(CITIES)
        domain = "".join(re.findall("[a-z]+", name.lower())[:2]) + f.pick([".ca", ".com", ".org"])
        orgs[i] = domain
        c.update({f"org{i}": name, f"org{i}_city": f"{city}, {prov} {postal}",
                  f"org{i}_town": city, f"org{i}_prov": prov, f"org{i}_web": "www." + domain,
                  f"org{i}_addr": f"{f.rng.randint(10, 4800)} {f.pick(STREETS)}",
                  f"org{i}_phone": f.phone(area)})
    for i, org in enumerate((1, 2, 1, 3, 1), 1):  # which organisation each person works for
        first, last, hon = f.person()
        c.update({f"p{i}": f"{first} {last}", f"p{i}_first": first, f"p{i}_last": last,
                  f"p{i}_hon": hon, f"p{i}_email": f"{first.lower()}.{last.lower()}@{orgs[org]}"})
    for i, role in enumerate(f.rng.sample(ROLES, 4), 1):
        c[f"role{i}"] = role
    c["dept"], c["job"] = f.pick(DEPTS), f.pick(JOBS)
    c["codename"] = f.unique(lambda: f"{f.pick(CODE_ADJ)} {f.pick(CODE_NOUN)}")
    c["time1"] = f.pick(["9:00 a.m.", "9:30 a.m.", "10:00 a.m.", "1:30 p.m.", "2:00 p.m."])
    c["con"] = f.unique(lambda: f"CTR-{d0.year}-{f.digits(3)}")
    c["po"] = f.unique(lambda: f"PO-{f.digits(5)}")
    c["inv"] = f.unique(lambda: f"INV-{d0.year}-{f.digits(4)}")
    c["tax_name"], c["tax_rate"] = TAX[c["org1_prov"]]
    return c


def _line_items(f, c, with_codes):
    rows, flat, subtotal = [], [], 0.0
    for desc, lo, hi in f.rng.sample(SUPPLIES, f.rng.randint(3, 6)):
        qty, unit = f.rng.randint(1, 12), round(f.rng.uniform(lo, hi), 2)
        amount = round(qty * unit, 2)
        subtotal += amount
        cells = [str(qty), f.money(unit), f.money(amount)]
        if with_codes:
            code = f"{f.digits(2)}-{f.digits(4)}"
            rows.append([code, desc, *cells])
            flat.append(f"Item {code}: {desc}, quantity {qty}, unit cost {cells[1]}, extended {cells[2]}")
        else:
            rows.append([desc, *cells])
            flat.append(f"{qty} x {desc} at {cells[1]} each: {cells[2]}")
    tax = round(subtotal * c["tax_rate"] / 100, 2)
    c.update(subtotal=f.money(subtotal), tax=f.money(tax), total=f.money(subtotal + tax))
    if with_codes:
        return Table(["Item", "Description", "Qty", "Unit Cost", "Extended"], rows, flat,
                      [(0, "l"), (0.15, "l"), (0.68, "r"), (0.84, "r"), (1, "r")])
    return Table(["Description", "Qty", "Unit Price", "Amount"], rows, flat,
                  [(0, "l"), (0.62, "r"), (0.8, "r"), (1, "r")])


def fin_ap_context(f, c):
    c["items"] = _line_items(f, c, with_codes=False)
    c["acct"] = f.unique(lambda: f"CUST-{f.digits(5)}")
    c["bank"] = f"transit {f.digits(5)}, institution 00{f.rng.randint(1, 9)}, account {f.digits(7)}"
    c["firm"] = f.unique(lambda: f"{f.pick(LAST)} {f.pick(LAST)} LLP")
    c["utility"] = f.org("utility")
    c["stmt"] = f.unique(lambda: f"{c['year'] % 100}-{f.digits(4)}")
    c["job_no"] = f.unique(lambda: f"JOB-{f.digits(4)}")
    c["uacct"] = f.unique(lambda: f"{f.digits(4)}-{f.digits(4)}-{f.digits(2)}")
    c["meter"] = f.unique(lambda: f"M{f.digits(7)}")
    rate = f.rng.choice([185, 240, 295, 350, 410])
    rows, flat, fees = [], [], 0.0
    start = c["_d0"] - dt.timedelta(days=35)
    for desc in f.rng.sample(SERVICES, f.rng.randint(3, 5)):
        start += dt.timedelta(days=f.rng.randint(2, 8))
        hours = f.rng.choice([0.3, 0.5, 0.8, 1.2, 1.5, 2.0, 2.5, 3.4])
        fees += hours * rate
        rows.append([start.isoformat(), desc, f"{hours:.1f}", f.money(hours * rate)])
        flat.append(f"{start.isoformat()} {desc}: {hours:.1f} hours, {f.money(hours * rate)}")
    c["svc"] = Table(["Date", "Description", "Hours", "Amount"], rows, flat,
                      [(0, "l"), (0.19, "l"), (0.86, "r"), (1, "r")])
    disb = round(f.rng.uniform(20, 180), 2)
    c.update(rate=f.money(rate), fees=f.money(fees), disb=f.money(disb),
             svc_tax=f.money((fees + disb) * c["tax_rate"] / 100),
             svc_total=f.money((fees + disb) * (1 + c["tax_rate"] / 100)))
    kwh = f.rng.randint(900, 9000)
    charges = [("Basic monthly charge", 38.5), (f"Energy charge, {kwh:,} kWh", kwh * 0.118),
               ("Delivery charge", kwh * 0.041), ("Regulatory charge", kwh * 0.006)]
    new = sum(a for _, a in charges) * (1 + c["tax_rate"] / 100)
    c["chg"] = Table(["Charge", "Amount"], [[n, f.money(a)] for n, a in charges],
                      [f"{n}: {f.money(a)}" for n, a in charges], [(0, "l"), (0.7, "r")])
    prev = round(f.rng.uniform(200, 2000), 2)
    c.update(kwh=f"{kwh:,}", prev=f.money(prev), new=f.money(new), bill_due=f.money(new))
    hours = f.rng.choice([3.5, 4.0, 6.5, 8.0, 11.5])
    labour, parts = hours * 95, round(f.rng.uniform(80, 900), 2)
    c["trade"] = Table(["Work", "Amount"],
                        [[f"Labour, {hours} hours at {f.money(95)}", f.money(labour)],
                         ["Materials and parts", f.money(parts)], ["Disposal fee", f.money(45)]],
                        [f"Labour, {hours} hours at {f.money(95)}: {f.money(labour)}",
                         f"Materials and parts: {f.money(parts)}", f"Disposal fee: {f.money(45)}"],
                        [(0, "l"), (1, "r")])
    c["trade_total"] = f.money((labour + parts + 45) * (1 + c["tax_rate"] / 100))


def fin_po_context(f, c):
    c["items"] = _line_items(f, c, with_codes=True)
    c["req"] = f.unique(lambda: f"REQ-{c['year'] % 100}-{f.digits(4)}")
    c["so"] = f.unique(lambda: f"SO-{c['year']}-{f.digits(3)}")
    c["budget"] = f"{f.digits(4)}-{f.digits(3)}-{f.digits(2)}"
    c["ap_email"] = "accounts.payable@" + c["p1_email"].split("@")[1]


def con_context(f, c):
    c["mou"] = f.unique(lambda: f"MOU-{c['year']}-{f.digits(2)}")
    c["eng"] = f.unique(lambda: f"ENG-{f.digits(5)}")
    c["firm"] = f.unique(lambda: f"{f.pick(LAST)} {f.pick(LAST)} LLP")
    c["fee"] = f.money(f.rng.randrange(18, 240) * 500)
    c["fee2"] = f.money(f.rng.randrange(241, 400) * 500)
    c["rate"] = f.money(f.rng.choice([225, 310, 375, 450]))
    c["retainer"] = f.money(f.rng.choice([2500, 5000, 7500]))
    c["service"] = f.pick(["off-site records storage and retrieval", "janitorial and waste services",
                           "document scanning and indexing", "network support and help desk",
                           "printing and mail handling"])


def cor_context(f, c):
    c["ref"] = f.unique(lambda: f"{f.pick(['OUR FILE', 'Ref.', 'File'])} {f.digits(4)}-{f.digits(2)}")
    c["amount"] = f.money(round(f.rng.uniform(400, 25000), 2))
    c["ticket"] = f.unique(lambda: f"REQ#{f.digits(6)}")
    c["box_count"] = str(f.rng.randint(40, 900))


def hr_context(f, c):
    c["emp"] = f.unique(lambda: f"EMP-{f.digits(5)}")
    c["sin"] = f.sin()
    c["dob"] = f.d(f.date(dt.date(1960, 1, 1), 15000))
    c["salary"] = f.money(f.rng.randrange(52, 118) * 1000)
    c["hourly"] = f.money(f.rng.randrange(2400, 4800) / 100)
    c["leave_type"], c["leave_reason"] = f.pick(LEAVES)
    c["rating"] = f.pick(["Meets expectations", "Exceeds expectations", "Fully effective"])
    c["bank"] = f"transit {f.digits(5)}, account ending {f.digits(4)}"


def med_context(f, c):
    c["clinic"] = f.org("clinic")
    c["chart"] = f.unique(lambda: f"C-{f.digits(6)}")
    c["hcn"] = f.unique(lambda: f"{f.digits(4)} {f.digits(3)} {f.digits(3)} {f.pick(['KT', 'AB', 'MX'])}")
    c["dob"] = f.d(f.date(dt.date(1945, 1, 1), 25000))
    c["lic"] = f.unique(lambda: f"Licence No. {f.digits(5)}")
    c["allergy"] = f.pick(["Penicillin (rash)", "None known", "Latex", "Peanuts, shellfish"])
    c["meds"] = f.pick(["Metformin 500 mg twice daily", "None", "Ramipril 5 mg daily",
                        "Levothyroxine 75 mcg daily", "Salbutamol inhaler as needed"])
    rows, flat = [], []
    for name in f.rng.sample(VACCINES, f.rng.randint(3, 5)):
        day = f.d(f.date(dt.date(2015, 1, 1), 3200))
        dose, lot = str(f.rng.randint(1, 3)), f"{f.pick('ABCDEFHK')}{f.digits(5)}"
        rows.append([name, day, dose, lot])
        flat.append(f"{name}: dose {dose} given {day}, lot {lot}")
    c["vax"] = Table(["Vaccine", "Date Given", "Dose", "Lot No."], rows, flat,
                      [(0, "l"), (0.55, "l"), (0.83, "r"), (1, "r")])
    c["days_off"] = str(f.rng.randint(3, 21))


def crt_context(f, c):
    yy = c["year"] % 100
    c["file_no"] = f.unique(lambda: f"CV-{yy}-{f.digits(5)}")
    c["sc_no"] = f.unique(lambda: f"SC-{yy}-{f.digits(5)}")
    c["lso"] = f"LSO No. {f.digits(5)}{f.pick('ABCDEFGHJK')}"
    c["firm"] = f.unique(lambda: f"{f.pick(LAST)} {f.pick(LAST)} LLP")
    c["court"] = f.pick(["393 University Avenue, Toronto, Ontario", "161 Elgin Street, Ottawa, Ontario",
                         "45 Main Street East, Hamilton, Ontario", "80 Dundas Street, London, Ontario"])
    c["claim"] = f.money(f.rng.randrange(8, 350) * 1000 + f.rng.randrange(100) * 10)
    c["costs"] = f.money(f.rng.randrange(15, 90) * 100)


def min_context(f, c):
    c["meeting_no"] = f.unique(lambda: f"{c['year']}-{f.digits(2)}")
    c["res1"] = f.unique(lambda: f"{c['year']}-{f.digits(3)}")
    c["res2"] = f.unique(lambda: f"{c['year']}-{f.digits(3)}")
    c["amount"] = f.money(f.rng.randrange(12, 400) * 250)
    c["start"] = f.pick(["6:02 p.m.", "6:31 p.m.", "9:04 a.m.", "1:15 p.m."])
    c["end"] = f.pick(["8:14 p.m.", "7:52 p.m.", "11:20 a.m.", "3:05 p.m."])
    c["balance"] = f.money(f.rng.randrange(40, 900) * 1000)


def rpt_context(f, c):
    c["rpt"] = f.unique(lambda: f"RPT-{c['year']}-{f.digits(3)}")
    c["insp"] = f.unique(lambda: f"INSP-{f.digits(5)}")
    c["audit"] = f.unique(lambda: f"IA-{c['year']}-{f.digits(2)}")
    c["prj"] = f.unique(lambda: f"PRJ-{f.digits(4)}")
    r = f.rng.randint
    c.update(n_boxes=f"{r(300, 4000):,}", n_req=f"{r(120, 2400):,}", pct=str(r(81, 98)),
             n_inv=f"{r(3000, 19000):,}", n_exc=str(r(4, 40)), n_sample=str(r(40, 120)),
             budget=f.money(r(80, 900) * 1000), spent=f.money(r(30, 79) * 1000),
             pct_done=str(r(35, 85)), n_files=f"{r(20, 400) * 1000:,}")
    c["status"] = f.pick(["Green (on track)", "Amber (at risk)", "Green"])
    c["vendor_con"] = c["con"]


CONTEXT = {"FIN-AP": fin_ap_context, "FIN-PO": fin_po_context, "LEG-CON": con_context,
           "COR-GEN": cor_context, "HR-PER": hr_context, "MED-HF": med_context,
           "LEG-CRT": crt_context, "GOV-MIN": min_context, "ADM-RPT": rpt_context}

LETTERHEAD1 = """@org {org1}
@sub {org1_addr}, {org1_city}
@sub Tel. {org1_phone} - {org1_web}
"""
LETTERHEAD2 = """@org {org2}
@sub {org2_addr}, {org2_city}
@sub Phone {org2_phone} - {p2_email}
"""

FIN_AP = [
    LETTERHEAD2 + """@title [[INVOICE|Invoice|TAX INVOICE]]

Invoice No.: {inv}
[[Invoice Date|Date of Issue]]: {date}
Due Date: {date_p30}
Customer Account: {acct}
Your PO Number: {po}

Bill To:
{org1}
Attn: {p1}, {role1}
{org1_addr}
{org1_city}

@rows items
@r Subtotal: {subtotal}
@r {tax_name} ({tax_rate}%): {tax}
@r [[Total Due|Amount Due|Invoice Total]]: {total}

@p Payment terms: Net 30 days. Please remit by EFT to {bank} and quote invoice number {inv}
  with your remittance. [[A late charge of 2% per month applies to overdue balances.|Overdue balances
  are subject to interest at 1.5% per month.]]
@p Questions about this invoice may be directed to {p2} at {p2_email} or {org2_phone}.
[[Thank you for your business.|We appreciate your prompt payment.]]
""",
    """@org {firm}
@sub Barristers and Solicitors
@sub {org2_addr}, {org2_city} - {org2_phone}
@r {date}
@title [[Statement of Charges|Statement of Account for Professional Services]]

{org1}
Attention: {p1_hon} {p1}, {role1}
{org1_addr}, {org1_city}

Statement No.: {stmt}
Client Account: {acct}
Matter: [[Review of supply agreement {con}|Records retention advice, agreement {con}|Lease renewal, agreement {con}]]

@p For professional services rendered in the above matter, including the following:
@rows svc
Professional fees ({rate} per hour): {fees}
Disbursements (courier, searches, copies): {disb}
{tax_name} on fees and disbursements: {svc_tax}
[[Balance Due|Total Amount Payable|Please Pay]]: {svc_total}

@p This account is payable on receipt. In accordance with our terms of engagement, interest
  at 3% per annum is charged on accounts unpaid 30 days after delivery. Payment may be made by
  cheque payable to {firm} or by wire transfer; please quote statement {stmt}.
E. and O.E.
""",
    """@org {utility}
@sub Customer Care {org2_phone} - Monday to Friday, 8 a.m. to 6 p.m.
@title [[Your Bill|Bill for Services|Utility Bill]]

Account Number: {uacct}
Bill Date: {date}
Customer: {org1}
Service Address: {org1_addr}, {org1_city}
Billing Period: {date_m30} to {date_m1}
Meter Number: {meter}

@h Account Summary
Previous balance: {prev}
Payment received {date_m21} - thank you: -{prev}
Balance forward: {cur}0.00

@h New Charges
@rows chg
{tax_name}: included
Total new charges: {new}

[[Amount Due|Please Pay]]: {bill_due}
Due Date: {date_p21}

@p Your electricity use this period was {kwh} kWh. To avoid a late payment charge, make sure your
  payment reaches us by the due date. Enrol in pre-authorized payment or paperless billing at our
  website. Please keep this bill for your records; it is not a receipt for any deposit.
""",
    LETTERHEAD2 + """@r {date}
@title [[Invoice for Work Completed|Work Order Invoice|Service Call Bill]]

Job No.: {job_no}
Invoice No.: {inv}
Customer: {org1}, attention {p1}
Site: {org1_addr}, {org1_city}
Date of Work: {date_m7}

@h Description of Work
@p Attended site at the request of {p1} to [[replace failed ballast and lamps in the records
  storage room|repair the rear loading door and adjust the closer|inspect and reset the
  dehumidifier serving the archive vault]]. Tested on completion and left in working order. All
  debris removed from site.
@rows trade
{tax_name} at {tax_rate}%
Total payable: {trade_total}

@p Payment is due within [[15|30]] days of the invoice date by cheque or e-transfer to
  {p2_email}. Warranty on labour is 90 days. Reference job {job_no} on all payments.
""",
]

FIN_PO = [
    LETTERHEAD1 + """@title PURCHASE ORDER
@r {date}

Purchase Order No.: {po}
Order Date: {date}
Requested By: {p1}, {dept}
Delivery Required By: {date_p14}

Vendor:
{org2}
{org2_addr}, {org2_city}
Contact: {p2}, {p2_email}

Ship To:
{org1}, Receiving
{org1_addr}, {org1_city}

@rows items
@r Subtotal: {subtotal}
@r {tax_name} {tax_rate}%: {tax}
@r Order Total: {total}

@h Terms and Conditions
@p 1. This purchase order number must appear on all invoices, packing slips and correspondence.
@p 2. Goods are subject to inspection and acceptance on delivery; substitutions require written approval.
@p 3. Send invoices to {ap_email}. Payment terms are Net 30 from receipt of a correct invoice.
Authorized by: {p3}, {role3}
""",
    LETTERHEAD1 + """@title [[Requisition and Order Authorization|Authorization to Procure|Order Request and Approval]]

Requisition No.: {req}
Date Submitted: {date}
Department: {dept}
Budget Code: {budget}
Requested By: {p1}, {role1}
Preferred Supplier: {org2}, {org2_town}

@h Justification
@p [[Existing equipment in the file room has reached end of life and is no longer supported.|Stock
  on hand will be exhausted before the next quarterly order.|Required for the {codename}
  digitization project starting next month.]] Three quotes were obtained; the preferred supplier
  offered the lowest compliant price and delivery within ten business days.

@h Goods Requested
@rows items
Estimated cost before tax: {subtotal}
Estimated total with {tax_name}: {total}

@h Approvals
Budget holder: {p3}, approved {date_p1}
Finance review: {p5}, approved {date_p3}
@p Once both approvals are recorded, this authorization becomes the order and the supplier will be
  issued order number {po}. Deliveries must quote that number so receiving can match the invoice.
""",
    LETTERHEAD1 + """@title [[Call-up Against Standing Offer|Standing Offer Call-up|Release Order]]

Call-up No.: {po}
Standing Offer No.: {so}
Master Agreement Reference: {con}
Date of Call-up: {date}
Supplier: {org2}
Buyer: {p3}, {role3}, {p3_email}

@p This call-up is issued under standing offer {so} and is subject only to the terms of that
  standing offer. The supplier shall deliver the goods listed below to {org1_addr},
  {org1_city}, no later than {date_p21}, between 8:00 a.m. and 3:00 p.m.
@rows items
Value of this call-up before tax: {subtotal}
Applicable {tax_name}: {tax}
Total value: {total}

@p The cumulative value of call-ups must not exceed the limit of the standing offer. Invoices
  quoting call-up number {po} are to be sent to {p1}, {dept}. Partial shipments are accepted
  only with prior notice to the buyer.
""",
]

LEG_CON = [
    """@title [[SERVICES AGREEMENT|AGREEMENT FOR SERVICES]]
@c Agreement No. {con}

@p THIS AGREEMENT is made as of {date} BETWEEN {org1}, having its office at {org1_addr},
  {org1_city} (the "Client") AND {org2}, having its office at {org2_addr}, {org2_city} (the
  "Service Provider").
@p WHEREAS the Client wishes to obtain {service} and the Service Provider has agreed to provide
  them on the terms below; NOW THEREFORE the parties agree as follows:
@h 1. Services
@p The Service Provider shall provide the services described in Schedule A (the "Services") in a
  professional manner and in accordance with all applicable laws.
@h 2. Term
@p This Agreement begins on {date_p14} and continues for three years unless terminated earlier
  under section 8.
@h 3. Fees and Payment
@p The Client shall pay the fees in Schedule A, not to exceed {fee} per year. The Service
  Provider shall invoice monthly in arrears, and the Client shall pay undisputed invoices within
  30 days.
@h 4. Confidentiality
@p Each party shall keep confidential all information of the other party and use it only to
  perform this Agreement. This obligation survives the end of this Agreement for five years.
@h 5. Records and Audit
@p The Service Provider shall keep complete records of the Services and of all amounts invoiced,
  and shall make them available to the Client for audit on reasonable notice during the term and
  for seven years after it ends.
@h 6. Independent Contractor
@p The Service Provider is an independent contractor. Nothing in this Agreement creates an
  employment, partnership or agency relationship between the parties.
@page
@h 7. Insurance
@p The Service Provider shall maintain commercial general liability insurance of not less than
  two million dollars per occurrence.
@h 8. Termination
@p Either party may terminate this Agreement on 60 days written notice. The Client may terminate
  immediately for a material breach that is not cured within 15 days of notice.
@h 9. Governing Law
@p This Agreement is governed by the laws of the Province of [[Ontario|British Columbia|Alberta]].
@h Schedule A - Services and Fees
@p {service} for the Client's premises at {org1_addr}; monthly fixed fee as quoted, plus approved
  extra work at agreed rates.

IN WITNESS WHEREOF the parties have signed this Agreement.
For {org1}: {p1}, {role1}
For {org2}: {p2}, Authorized Signatory
""",
    """@title [[Memorandum of Understanding|MEMORANDUM OF UNDERSTANDING]]
@c {mou}

Between: {org1} ("{org1_town} Partner")
And: {org3}

@h 1. Purpose
@p This Memorandum of Understanding sets out how the parties will work together on the
  {codename} initiative to [[improve access to community programs|share archival records of local
  history|deliver digital literacy workshops]] in {org1_town}.
@h 2. Roles and Responsibilities
@p {org1} will provide meeting space, records expertise and a staff liaison, {p1}. {org3} will
  recruit volunteers, promote events and report attendance each quarter to the liaison.
@h 3. Financial Arrangements
@p {org1} will contribute up to {fee} in the first year, released in two instalments on receipt
  of a written progress summary. No other financial obligation arises under this memorandum.
@h 4. Term and Review
@p This memorandum takes effect on {date} and remains in effect until {date_p365}. The parties
  will review it at least once a year and may amend it in writing.
@h 5. Dispute Resolution
@p The parties will try in good faith to resolve any disagreement through their designated
  contacts before involving senior management.

Signed on behalf of {org1}: {p1}, {role1}, {date}
Signed on behalf of {org3}: {p4}, Executive Director, {date_p3}
""",
    """@org {firm}
@sub {org2_addr}, {org2_city} - {org2_phone}
@r {date}

[[PRIVATE AND CONFIDENTIAL|Privileged and Confidential]]
{p1_hon} {p1}
{role1}, {org1}
{org1_addr}, {org1_city}

Dear {p1_hon} {p1_last}:
@title Re: Terms of Engagement - Our File {eng}
@p Thank you for retaining us. This letter sets out the terms on which we will act for {org1}
  in connection with [[the renegotiation of its records storage contract|a review of its
  procurement policies|its employment policies review]].
@h Scope
@p We will advise on the matter described above. Our engagement does not include litigation,
  tax advice or any other matter unless we agree in writing.
@h Fees and Billing
@p Our fees are based on time spent, at an hourly rate of {rate} for {p2} and lower rates for
  associates. We ask for a retainer of {retainer}, to be held in trust and applied to our final
  account. We will send an account monthly, payable within 30 days.
@h Termination
@p You may end this engagement at any time by written notice. We may withdraw where permitted by
  the rules of professional conduct, and you will pay for services provided to that date.
@p If these terms are acceptable, please sign below and return a copy to us.

Yours truly,

{p2}
AGREED AND ACCEPTED by {org1}, per {p1}
""",
    """@title [[AMENDING AGREEMENT NO. 2|Amendment No. 2 to Supply Agreement]]
Contract No. {con}-A2

@p This Amending Agreement is made as of {date} between {org1} (the "Buyer") and {org2} (the
  "Supplier") and amends the supply agreement numbered {con} dated {date_m365} (the "Original
  Agreement").
@p The parties agree as follows:
@p 1. Section 4.1 of the Original Agreement is deleted and replaced with: "The total contract
  price shall not exceed {fee2}, inclusive of all purchase orders issued under this Agreement."
@p 2. The term of the Original Agreement is extended to {date_p180}.
@p 3. The Supplier shall provide the additional {service} described in the attached revised
  statement of work at the unit prices in the Original Agreement.
@p 4. All other terms and conditions of the Original Agreement remain in full force and effect.
  Capitalized terms not defined here have the meanings given in the Original Agreement.
@p 5. This Amending Agreement may be signed in counterparts and delivered electronically.
Executed by the Buyer: {p1}, {role1}, {date}
Executed by the Supplier: {p2}, President, {date_p3}
""",
]

COR_GEN = [
    LETTERHEAD1 + """@r {date}

{p2}
{role2}, {org2}
{org2_addr}
{org2_city}

Dear {p2_hon} {p2_last}:
@h Re: Your Invoice {inv} dated {date_m30}
@p We have received the above invoice for {amount}. Before we can release payment, we need your
  help with a discrepancy: the quantities billed do not match our purchase order {po}, and two
  items appear to have been delivered after the agreed date.
@p [[Could you please issue a corrected invoice or a credit note for the difference?|We would be
  grateful if you could review your shipping records and let us know how you wish to proceed.]]
  Our accounts payable team has placed the invoice on hold in the meantime; no late charges
  should accrue while the matter is being resolved.
@p Please contact me at {p1_email} or {org1_phone} if you would like to discuss this. We value
  our relationship with {org2} and expect to settle this quickly.

Sincerely,

{p1}
{role1}
cc: {p3}, {role3}
""",
    LETTERHEAD1 + """@r {date}
{ref}

{p4_hon} {p4}
{org3}
{org3_addr}, {org3_city}

Dear {p4_hon} {p4_last},
@p Thank you for your letter of {date_m14} [[requesting copies of the building permits and
  drawings for your property|asking about the status of the heritage designation files|regarding
  access to your program attendance records]].
@p We have located {box_count} pages of records that respond to your request. Most can be
  released in full. A small number contain personal information of other individuals, which we
  are required to remove before release.
@p We expect to send the records to you by {date_p30}. There is no fee for this request. If you
  would prefer to view the originals in person, please call {p3} at {org1_phone} to book an
  appointment at our office.
@p [[We appreciate your patience.|Thank you for your interest in our records.]] Please quote
  the reference above in any further correspondence.

Yours sincerely,

{p1}
{role1}
""",
    """@title [[MEMORANDUM|Memo|INTERNAL MEMORANDUM]]
To: [[All staff, {dept}|Managers and supervisors|{dept} team]]
From: {p1}, {role1}
Date: {date}
Subject: [[Office relocation and transfer of paper files|Change to mail and courier
  procedures|Clean-up week for shared drives and file rooms]]

@p As many of you know, our team will [[move to the third floor of {org1_addr}|adopt a new
  procedure]] starting {date_p21}. This memo explains what you need to do before then.
@p 1. Review the paper files in your work area. Records that have met their retention period
  should be listed on a destruction form and sent to {p3} for approval. Do not place records in
  recycling bins.
@p 2. Active files should be boxed and labelled with the box number, your name and the file
  series. Boxes will be collected on {date_p14}.
@p 3. Invoices and purchase orders awaiting approval must be handed to Finance before the move so
  that payments are not delayed.
@p Questions can be sent to {p3_email}. Thank you for your co-operation.
""",
    """From: {p2} <{p2_email}>
Sent: {date} {time1}
To: {p1} <{p1_email}>
Cc: {p3} <{p3_email}>
Subject: RE: Delivery schedule for order {po}

Hi {p1_first},

@p Thanks for the quick reply. I spoke with our warehouse this morning and we can deliver the
  remaining boxes on {date_p7} instead of the following week. Our driver will call {p3_first}
  about an hour before arrival. The invoice for this shipment will follow once your receiving
  team signs the delivery slip.
@p Let me know if the loading dock at {org1_addr} is still closed for repairs; if so we will use
  the side entrance again.

Best regards,
{p2}
{role2}, {org2}
{org2_phone}

-----Original Message-----
From: {p1} <{p1_email}>
Sent: {date_m1}
To: {p2} <{p2_email}>
Subject: Delivery schedule for order {po}

@p Hello {p2_first}, we still have not received the second half of the order. Could you confirm
  a delivery date? We need the archive boxes before our records transfer starts.
Thanks, {p1_first}
""",
    """Date: {date}
From: {p4} <{p4_email}>
To: {p1} <{p1_email}>
Subject: Thank you - {codename} community session

Dear {p1_first},

@p On behalf of {org3}, thank you for hosting our group at your offices last week. Several of
  our members said it was the first time they had seen original council minutes and maps from
  the 1950s, and the questions went on well past the scheduled time.
@p As discussed, we would like to make this a regular event. I have attached a short proposal for
  two sessions in the spring. We understand that any formal arrangement, such as a contract or a
  memorandum with your organization, would need approval from your management, and we are happy
  to wait for that.
@p Could you let me know whether {date_p28} works for a follow-up call? My number is
  {org3_phone}.

With thanks and warm regards,
{p4}
Volunteer Coordinator, {org3}
""",
]

HR_PER = [
    LETTERHEAD1 + """@r {date}

[[PERSONAL AND CONFIDENTIAL|Confidential]]
{p4}
{org3_addr}, {org3_city}

Dear {p4_first},
@title [[Offer of Employment|Re: Offer of Employment - {job}]]
@p We are pleased to offer you the position of {job} in our {dept} department, reporting to
  {p3}, {role3}. Your start date will be {date_p28}, and your employee number will be {emp}.
@p Your starting salary will be {salary} per year, paid bi-weekly. You will be eligible for our
  group health and dental benefits after three months, and you will earn three weeks of vacation
  per year.
@p This offer is conditional on satisfactory references and a criminal record check. The first
  six months of employment are a probationary period.
@p Please confirm your acceptance by signing a copy of this letter and returning it to
  {p1_email} by {date_p7}. [[We look forward to welcoming you to the team.|We are excited to
  have you join us.]]

Sincerely,

{p1}
{role1}

I accept this offer of employment: {p4}
""",
    """@org {org1}
@title [[Annual Performance Review|Performance Appraisal|Employee Performance Evaluation]]
Review Period: {date_m365} to {date}

Employee: {p4}
Employee Number: {emp}
Position: {job}
Department: {dept}
Reviewer: {p3}, {role3}

@h Ratings
Quality of work: {rating}
Job knowledge: Exceeds expectations
Communication: Meets expectations
Teamwork and collaboration: {rating}
Overall rating: {rating}

@h Comments
@p {p4_first} [[led the conversion of legacy paper files to the new records system|handled a
  heavy volume of vendor invoices accurately and on time|supported the office relocation with
  very little disruption]]. Colleagues describe {p4_first} as dependable and willing to help.
@p Areas for development include delegating routine tasks and preparing written reports
  earlier in the month.
@h Goals for Next Year
@p Complete the records management certificate; train two new staff members; reduce the
  backlog of unfiled correspondence by half.
Employee signature: {p4}, {date_p3}
Reviewer signature: {p3}, {date}
""",
    """@org {org1}
@sub Human Resources - Confidential
@title [[Employee Information Update|Personnel Action Form|Change of Personal Information]]

Employee Name: {p4}
Employee No.: {emp}
Social Insurance Number: {sin}
Date of Birth: {dob}
Department: {dept}
Position: {job}
Effective Date: {date}

@h Change Requested
@p [[New home address and telephone number|Update to direct deposit banking information|Change of
  legal name and emergency contact]]. The employee has provided supporting documents, which have
  been verified by Human Resources and returned.
New address: {org3_addr}, {org3_city}
Home phone: {org3_phone}
Direct deposit: {bank}
Emergency contact: {p5}, {org1_phone}

@p Payroll will apply the change from the next pay period. This form is to be placed in the
  employee personnel file and retained for seven years after termination of employment.
Processed by: {p1}, {role1}
Date processed: {date_p1}
""",
    """@title [[Request for Leave of Absence|Leave Request Form|Application for Leave]]
{org1} - Human Resources

Employee: {p4}
Employee No.: {emp}
Position: {job}, {dept}
Supervisor: {p3}
Type of leave: {leave_type}
First day of leave: {date_p14}
Expected return: {date_p90}

@h Reason for Request
@p {leave_reason} I have arranged for my files to be covered during my absence.

@h Supervisor Recommendation
@p Recommended. Coverage plan reviewed with {p4_first}; duties will be shared within the team.
Supervisor: {p3}, {date_p1}

@h Human Resources
@p Approved in accordance with the collective agreement and employment standards legislation.
  Benefits continue during the leave. A record of employment will be issued if required.
HR Officer: {p1}, {date_p3}
""",
    LETTERHEAD1 + """@r {date}

[[DELIVERED BY HAND|Sent by courier and e-mail]]
{p4}
{org3_addr}, {org3_city}

Dear {p4_hon} {p4_last}:
@title [[Notice of Termination of Employment|Re: End of Employment]]
@p This letter confirms that your employment with {org1} as {job} (employee number {emp}) will
  end effective {date_p14}. [[This decision follows the restructuring of the {dept} department,
  and is not related to your performance.|This decision follows the meetings of {date_m30} and
  {date_m14} regarding attendance.]]
@p You will receive your final pay, including outstanding vacation pay, on the next regular pay
  date, together with pay in lieu of notice as required by employment standards legislation. A
  record of employment will be issued electronically.
@p Please return your identification card, keys and laptop to {p3} on or before your last day.
  Your group benefits will continue until {date_p45}.
@p Our Employee Assistance Program remains available to you for 90 days at {org1_phone}.

Yours truly,

{p1}
{role1}
""",
]

MED_HF = [
    """@org {clinic}
@sub {org3_addr}, {org3_city} - {org3_phone}
@title [[New Patient Registration|Patient Intake Form|Patient Information and Health History]]

Chart No.: {chart}
Date: {date}
Patient Name: {p4}
Date of Birth: {dob}
Health Card No.: {hcn}
Address: {org1_addr}, {org1_city}
Phone: {org1_phone}
E-mail: {p4_email}
Emergency Contact: {p5}, {org2_phone}

@h Health History
Allergies: {allergy}
Current medications: {meds}
Previous surgeries: [[Appendectomy (2011)|None|Knee arthroscopy (2019)]]
Smoking: [[Never|Former, quit 2015|No]]
Family history: [[Type 2 diabetes (father)|Heart disease (mother)|None reported]]
Reason for visit: [[Establish care with a family physician|Annual physical|Follow-up of blood
  pressure]]

@h Consent
@p I confirm that the information above is correct. I consent to the clinic collecting, using
  and sharing my personal health information with other health care providers for the purpose
  of my care, as permitted by law.
Patient signature: {p4}
Reviewed by: {p2}, RN, {date}
""",
    """@title [[Record of Immunization|IMMUNIZATION RECORD|Vaccination History]]
@sub {clinic}, {org3_town}

Name: {p4}
Date of Birth: {dob}
Chart No.: {chart}
Health Card No.: {hcn}

@rows vax

@p Keep this record in a safe place and bring it to every immunization appointment. Schools,
  employers and travel clinics may ask for proof of immunization. [[Next dose due on or after
  {date_p180}.|Series complete for the vaccines listed.|Annual influenza vaccine is
  recommended each fall.]]
@p Adverse events following immunization should be reported to your health care provider or
  local public health unit. No adverse event was observed during the 15-minute waiting period
  today.
Administered by: {p2}, RN, {org3_phone}
Date of this record: {date}
""",
    """@org {clinic}
@sub {org3_addr}, {org3_city} - {org3_phone}
@title [[Medical Certificate|MEDICAL CERTIFICATE|Certificate of Fitness for Work]]
@r {date}

@p TO WHOM IT MAY CONCERN
@p This is to certify that I examined {p4} (date of birth {dob}) at this clinic on {date}.
@p In my opinion, the patient [[was unfit for work from {date_m3} to {date_p7} inclusive|is
  fit to return to modified duties on {date_p3}|was unable to attend school or work for
  {days_off} days]] due to a medical condition. The nature of the condition has not been
  disclosed, at the patient's request, in accordance with privacy legislation.
@p Suggested restrictions: [[no lifting over 10 kg|limited screen time and a graduated return to
  work|none]]. Review appointment booked for {date_p14}.
@p This certificate is issued at the request of the patient for submission to the employer or
  insurer. Please contact the clinic at {org3_phone} with any questions, quoting chart {chart}.
{p2}, MD
{lic}
""",
    """@title [[Functional Abilities Form|Return to Work Assessment|Fitness to Work Evaluation]]
{clinic} - Occupational Health

Patient: {p4}
Date of Birth: {dob}
Chart No.: {chart}
Employer: {org1}
Date of Assessment: {date}

@h Clinical Findings
@p Patient reports [[lower back pain after a workplace lifting incident|wrist pain aggravated by
  keyboard use|fatigue following a recent illness]]. Examination shows reduced range of motion;
  no neurological deficit. Pain rated 4 out of 10.

@h Abilities and Restrictions
Walking: Full
Standing: Up to 30 minutes at a time
Lifting from floor to waist: Up to 5 kg
Keyboard work: Up to 2 hours per day, with breaks
Estimated duration of restrictions: {days_off} days

@p The patient is fit for modified duties starting {date_p3}. Follow-up assessment on
  {date_p21}. The employer is asked to discuss suitable work with the patient and to contact
  the clinic if these restrictions cannot be accommodated.
Assessing physician: {p2}, MD, {lic}
""",
]

LEG_CRT = [
    """@c Court File No. {file_no}
@c [[ONTARIO SUPERIOR COURT OF JUSTICE|SUPERIOR COURT OF JUSTICE]]
@c The Honourable Justice {p5_last}
@r {date}
BETWEEN:
@c {org1}
@c Plaintiff
@c - and -
@c {org2}
@c Defendant
@title ORDER

@p THIS MOTION, made by the Plaintiff for an order compelling the Defendant to deliver an
  affidavit of documents and to produce its invoices, delivery records and correspondence
  relating to the contract dated {date_m365}, was heard this day at {court}.
@p ON READING the motion record of the Plaintiff and the responding material of the Defendant,
  and on hearing the submissions of counsel for both parties,
@p 1. THIS COURT ORDERS that the Defendant shall serve a sworn affidavit of documents within 30
  days of the date of this Order.
@p 2. THIS COURT ORDERS that the Defendant shall pay the Plaintiff its costs of this motion,
  fixed in the amount of {costs}, within 30 days.
@p 3. THIS COURT ORDERS that this Order is effective from the date it is made and is
  enforceable without the need for entry and filing.
[[Registrar|Signed by]]: {p3}
""",
    """@c Court File No. {file_no}
@c ONTARIO SUPERIOR COURT OF JUSTICE
BETWEEN:
@c {p4}, Plaintiff
@c - and -
@c {org1}, Defendant
@title NOTICE OF MOTION

@p THE DEFENDANT will make a motion to the court on {date_p21} at 10:00 a.m., or as soon after
  that time as the motion can be heard, at {court}.
@p PROPOSED METHOD OF HEARING: The motion is to be heard [[orally|by video conference]].
@h THE MOTION IS FOR:
@p (a) an order dismissing the action for delay;
@p (b) in the alternative, an order requiring the Plaintiff to deliver particulars of the
  alleged agreement, including any invoices and purchase orders relied upon;
@p (c) the costs of this motion; and
@p (d) such further and other relief as this Honourable Court may deem just.
@page
@h THE GROUNDS FOR THE MOTION ARE:
@p 1. The Plaintiff issued the statement of claim on {date_m365}, claiming {claim}, and has
  taken no step in the action since the close of pleadings.
@p 2. The claim refers to a written contract, but no copy has been produced, and the
  correspondence relied upon does not identify the terms alleged.
@p 3. Rules 24.01 and 25.10 of the Rules of Civil Procedure.
@h THE FOLLOWING DOCUMENTARY EVIDENCE will be used at the hearing:
@p The affidavit of {p3}, sworn {date}, and the exhibits to it.
{date}
{firm}
{org2_addr}, {org2_city}
{p2} ({lso})
Tel: {org2_phone} - E-mail: {p2_email}
Lawyers for the Defendant
TO: {p5}, lawyer for the Plaintiff
""",
    """@c [[ONTARIO SUPERIOR COURT OF JUSTICE - SMALL CLAIMS COURT|Small Claims Court]]
@c {court}
Claim No. {sc_no}
@title [[NOTICE OF TRIAL|Notice of Settlement Conference]]

Plaintiff: {org2}
Defendant: {p4}, {org3_addr}, {org3_city}

@p TAKE NOTICE that the [[trial|settlement conference]] of this action will be held at the
  courthouse address above on {date_p28} at {time1}, or as soon after as it can be heard.
@p The Plaintiff claims {claim} for unpaid invoices for goods sold and delivered, together with
  interest and costs. The Defendant disputes the amount and has filed a defence.
@p IF YOU FAIL TO ATTEND, an order may be made against you, and the action may proceed in your
  absence. All parties must bring copies of every document they intend to rely on, including
  contracts, statements of account and correspondence, and must serve them at least 14 days
  before the hearing.
@p If you need an interpreter or an accommodation, contact the court office at least 10 days in
  advance.
Date: {date}
Clerk of the Court: {p3}
""",
    """@c Court File No. {file_no}
@c SUPERIOR COURT OF JUSTICE
@c {org1} v. {org2}
@title [[SUMMONS TO WITNESS|Summons to Witness at Trial]]

TO: {p4}
Address: {org3_addr}, {org3_city}

@p YOU ARE REQUIRED TO ATTEND TO GIVE EVIDENCE in this proceeding at the trial on {date_p28} at
  10:00 a.m. at {court}, and to remain until your attendance is no longer required.
@p YOU ARE REQUIRED TO BRING WITH YOU and produce at the hearing the following documents and
  things: all purchase orders, invoices, delivery slips and e-mail correspondence between
  {org1} and {org2} for the period {date_m365} to {date_m90}.
@p ATTENDANCE MONEY for one day of attendance is served with this summons. If further attendance
  is required, you will be entitled to additional attendance money.
@p IF YOU FAIL TO ATTEND OR REMAIN IN ATTENDANCE AS REQUIRED BY THIS SUMMONS, A WARRANT MAY BE
  ISSUED FOR YOUR ARREST.
Date: {date}
Issued by: Registrar, {p3}
{p2}, {firm}, {org2_phone}, lawyer for the party who requires your attendance
""",
]

GOV_MIN = [
    """@org {org1}
@title [[Minutes of the Regular Meeting of the Board of Directors|BOARD OF DIRECTORS - MINUTES]]
Meeting No. {meeting_no}
Held on {date} at {org1_addr}, {org1_town}

Present: {p1} (Chair), {p3}, {p5}, {p4}
Regrets: {p2}
Recording Secretary: {p3}

@h 1. Call to Order
@p The Chair called the meeting to order at {start} and confirmed that a quorum was present.
@h 2. Approval of the Agenda
@p Moved by {p5_last}, seconded by {p4_last}, that the agenda be approved as circulated. CARRIED.
@h 3. Minutes of the Previous Meeting
@p The minutes of {date_m28} were approved with one correction to item 5. CARRIED.
@h 4. Business Arising
@p The Board discussed purchase order {po} for [[replacement shelving in the archive|new
  laptops for program staff|roof repairs at the storage facility]]. Staff confirmed the order
  was within the approved budget of {amount}. The Board asked for a report on delivery delays.
@h 5. Treasurer's Report
@p The Treasurer reported a balance of {balance} in the operating account. The audited financial
  statements will be presented at the annual meeting.
@h 6. Adjournment
@p There being no further business, the meeting adjourned at {end}. Next meeting: {date_p28}.
Approved: {p1}, Chair
""",
    """@title [[Record of Discussion|Meeting Notes|Working Group Meeting Summary]]
{dept} Working Group - {codename}
Date: {date}, {time1}
Location: [[Room 204 and video conference|Boardroom B|Online]]
Attendees: {p1}, {p3}, {p5}, {p2} ({org2})
Notes taken by: {p5}

@h Items Discussed
@p 1. Project update. {p3_first} reported that the pilot group has finished scanning the
  personnel files; quality checks found fewer than one percent of images needing a rescan.
@p 2. Vendor performance. {p2_first} from {org2} explained the late delivery of the second
  shipment. The group agreed not to apply the penalty clause in the contract this time.
@p 3. Retention schedule. The draft schedule for financial records was reviewed. Invoices and
  purchase orders will be kept for seven years after the fiscal year end.

@h Decisions
@p The group agreed to extend the pilot to the {dept} department. The revised schedule will go
  to the management committee for approval.

@h Action Items
{p3}: circulate the quality check results by {date_p7}
{p1}: confirm funding for the extension with Finance by {date_p14}
{p5}: book the next meeting for {date_p21}
""",
    """@org {org1}
@title [[MINUTES OF COUNCIL|Council Meeting Minutes|Minutes of the Regular Council Meeting]]
{date} - Council Chambers, {org1_addr}

@p Council Present: Mayor {p1}, Councillors {p3_last}, {p4_last} and {p5_last}. Staff: {p2},
  Clerk.
@p The Mayor called the meeting to order at {start}. No conflicts of interest were declared.
@h Delegations
@p {p4} of {org3} addressed Council regarding [[the future of the heritage archive|after-school
  programs at the community hall|the proposed transit route changes]].
@h Resolutions
@p Resolution No. {res1}. Moved by Councillor {p3_last}, seconded by Councillor {p5_last}: THAT
  Council approve the contract with {org2} for {amount}, as recommended in the staff report, and
  authorize the Mayor and Clerk to sign the agreement. CARRIED.
@p Resolution No. {res2}. Moved by Councillor {p4_last}, seconded by Councillor {p3_last}: THAT
  the minutes of the meeting of {date_m14} be adopted as presented. CARRIED.
@h Correspondence
@p A letter from {org3} requesting a grant was received and referred to the budget process.
@h Adjournment
@p Moved by Councillor {p5_last} that the meeting adjourn at {end}. CARRIED.
Mayor: {p1}
Clerk: {p2}
""",
    """MINUTES - [[Records Retention Committee|Health and Safety Committee|Joint Labour-Management
  Committee]]
{org1}
Date: {date}
Chair: {p1}
Members present: {p3}, {p4}, {p5}
Absent: {p2}

@p 1. The minutes of {date_m30} were reviewed and accepted. Moved {p3_first}, seconded
  {p5_first}.
@p 2. Inspection follow-up. The committee reviewed the last workplace inspection. The blocked
  exit in the file room has been cleared. The broken shelving unit remains outstanding; a
  purchase order has been issued and installation is expected within two weeks.
@p 3. Training. {p4_first} reported that 18 of 22 staff completed the annual refresher. The
  remaining staff will complete it by {date_p30}.
@p 4. New business. Members asked that the committee report be posted on the staff notice
  board within one week of each meeting.
@p Meeting adjourned at {end}. Next meeting {date_p30}, {time1}.
Recorded by {p3}
""",
]

ADM_RPT = [
    """@org {org1}
@title [[Annual Report {prev_year}|{prev_year} Annual Report|Year in Review {prev_year}]]
{dept} - Report No. {rpt}

@h Executive Summary
@p This report summarizes the work of the {dept} department during {prev_year}. It was a year
  of steady progress: we completed the {codename} project, reduced our backlog and met most of
  the service targets set by the Board.
@h Highlights
@p We responded to {n_req} information requests, {pct} percent of them within the legislated
  time limit. We securely destroyed {n_boxes} boxes of records that had reached the end of their
  retention period, freeing storage space at two sites.
@p Accounts payable processed {n_inv} invoices, and the share of invoices matched automatically
  to a purchase order rose again.
@page
@h Financial Overview
@p Operating spending was {spent} below the approved budget of {budget}, mainly because of lower
  off-site storage costs after the contract with {org2} was renegotiated.
@h Challenges
@p Staff turnover in the second half of the year slowed the digitization of older files. Two
  positions were filled in the fall.
@h Outlook for {year}
@p Priorities for the coming year include a new retention schedule, training for all staff on
  e-mail management and the replacement of the records management system.
Submitted by {p1}, {role1}, {date}
""",
    """@title [[Site Inspection Report|Facility Inspection Report|Records Storage Inspection]]
Inspection No.: {insp}
Site: {org1}, {org1_addr}, {org1_city}
Date of Inspection: {date}
Inspector: {p3}, {role3}
Accompanied by: {p5}

@h Purpose
@p [[Annual inspection of the records storage areas for fire safety, security and environmental
  conditions.|Follow-up inspection after the water leak reported on {date_m45}.|Routine
  inspection of the off-site records centre under the storage contract {con}.]]

@h Findings
@p 1. Temperature and humidity in the main vault were within the recommended range.
@p 2. Two fire extinguishers were past their service date and have been tagged.
@p 3. Boxes were stored directly on the floor in aisle 4, contrary to policy.
@p 4. The visitor log at the vault entrance was incomplete for the previous month.

@h Recommendations
@p Service the extinguishers by {date_p14}; move boxes onto shelving at least 10 cm off the
  floor; remind staff to complete the visitor log. A follow-up inspection is scheduled for
  {date_p90}.
Overall rating: [[Satisfactory|Satisfactory with corrective actions|Needs improvement]]
Report prepared by {p3}
""",
    """@org {org1}
@title [[Internal Audit Report|Audit Report: Accounts Payable Controls|Internal Audit - Procurement
  to Payment]]
Report No. {audit}
Issued: {date}
Distribution: Audit Committee; {p1}, {role1}

@h Objective and Scope
@p The audit assessed whether controls over purchasing and payment are designed and working as
  intended. We reviewed a sample of {n_sample} payments made between {date_m365} and
  {date_m30}, including purchase orders, invoices and the related contracts.
@h Summary of Findings
@p Controls are generally effective. However, {n_exc} payments were made without a matching
  purchase order, and in three cases an invoice was paid above the contract value without an
  approved amendment.
@h Recommendations
@p 1. Finance should block payment of invoices that do not reference a valid purchase order.
@p 2. Contract managers should review cumulative spending against contract limits monthly.
@p 3. Vendor master file changes should be independently reviewed.
@h Management Response
@p Management agrees with the recommendations. {p1} will implement them by {date_p90}.
Lead auditor: {p3}
""",
    """@title [[Project Status Report|Monthly Project Status Report|Status Update]]
Project: {codename} ({prj})
Reporting Period Ending: {date}
Project Manager: {p3}
Sponsor: {p1}, {role1}
Overall Status: {status}

@h Accomplishments This Period
@p Completed data migration testing for {n_files} electronic files. Trained the first group of
  [[twelve|twenty|eight]] staff. Signed the change order with {org2} under contract {con}.
@h Planned for Next Period
@p Begin migration of the finance records; finalize the user guide; hold the second training
  session on {date_p14}.
@h Risks and Issues
@p The vendor has warned that the interface to the payroll system may slip by two weeks. If so,
  go-live would move to {date_p45}. Mitigation: start user acceptance testing on the other
  modules first.
@h Budget
@p Approved budget {budget}; spent to date {spent}; {pct_done} percent of work complete. No
  change request is needed at this time.
Prepared by {p3}, {date}
""",
]

TEMPLATES = {"FIN-AP": FIN_AP, "FIN-PO": FIN_PO, "LEG-CON": LEG_CON, "COR-GEN": COR_GEN,
             "HR-PER": HR_PER, "MED-HF": MED_HF, "LEG-CRT": LEG_CRT, "GOV-MIN": GOV_MIN,
             "ADM-RPT": ADM_RPT}
CHOICE = re.compile(r"\[\[(.*?)\]\]", re.S)
TAG = re.compile(r"@(org|sub|title|h|p|r|c|rows|page)\b ?")


def make_document(class_code, template, f):
    """Fill one template of ``class_code`` with fresh fake data; return its blocks."""
    return fill(class_code, TEMPLATES[class_code][template], f)


def corpus_template_count(class_code):
    return len(TEMPLATES[class_code]) + len(CORPUS_TEMPLATES[class_code])


def make_corpus_document(class_code, template, f):
    """Blocks for the text-only corpus: template numbers run through the rendered templates
    of ``class_code`` first, then its corpus-only ones."""
    sources = TEMPLATES[class_code] + CORPUS_TEMPLATES[class_code]
    return fill(class_code, sources[template], f, extra=corpus_context)


def fill(class_code, source, f, extra=None):
    c = base_context(f)
    c["cur"] = f.cur
    CONTEXT[class_code](f, c)
    if extra:  # after the class context, so the rendered samples draw the same random numbers
        extra(f, c)
    text = CHOICE.sub(lambda m: f.rng.choice(m.group(1).split("|")), source)
    blocks = []
    for raw in text.format_map(c).strip("\n").split("\n"):
        if raw.startswith("  ") and blocks:  # continuation of the previous line
            blocks[-1].text += " " + raw.strip()
        elif not raw.strip():
            blocks.append(Block("gap"))
        elif m := TAG.match(raw):
            style, rest = m.group(1), raw[m.end():].strip()
            blocks.append(Block(style, table=c[rest]) if style == "rows" else Block(style, rest))
        else:
            blocks.append(Block("line", raw.strip()))
    return blocks
