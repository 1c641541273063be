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

# --- Text-only training corpus (generate.py writes corpus.jsonl) -------------------------------
#
# The corpus reuses every template above and adds the ones below.  In each class about a third of
# these are worded the way people often write such records without the file plan's keywords (a
# "fee note" rather than an invoice, a "supply request" rather than a requisition, a "staff member"
# rather than an employee, a "client" rather than a patient); they are marked "plain-worded".
# Keyword rules miss those, while a model can still learn them from their general vocabulary.

HEALTH_UNITS = ["Public Health Unit", "Travel Health Service", "Health Protection Office"]
SESSIONS = [("9:02 a.m.", "10:47 a.m."), ("1:30 p.m.", "3:12 p.m."), ("6:00 p.m.", "7:41 p.m."),
            ("7:04 p.m.", "8:55 p.m.")]  # when a meeting opened and closed
TRIBUNALS = [("Labour Relations Board", "LRB"), ("Human Rights Tribunal", "HRT"),
             ("Employment Standards Tribunal", "EST"),
             ("Workplace Safety and Insurance Appeals Tribunal", "WSIAT")]
REFERRALS = [
    ("Orthopaedic Surgery", "a six-month history of right knee pain and swelling after a fall",
     "X-ray shows mild degenerative change and a small effusion"),
    ("Dermatology", "a pigmented lesion on the upper back that has changed in size and colour",
     "no biopsy has been taken; photographs are enclosed"),
    ("Cardiology", "palpitations and shortness of breath on exertion for about three months",
     "ECG shows sinus rhythm with occasional ectopic beats; blood work is normal"),
    ("Sleep Medicine", "loud snoring, witnessed pauses in breathing and daytime sleepiness",
     "sleepiness score 15 out of 24; thyroid function is normal"),
]
PROVINCES = {"ON": "Ontario", "NS": "Nova Scotia", "BC": "British Columbia", "AB": "Alberta",
             "MB": "Manitoba", "SK": "Saskatchewan"}


def corpus_context(f, c):
    """Extra fields for the corpus-only templates (drawn after the class context)."""
    r = f.rng.randint
    c["sr"] = f.unique(lambda: f"SR-{c['year'] % 100}-{f.digits(4)}")
    c["q_no"] = f.unique(lambda: f"Q-{f.digits(5)}")
    c["dn"] = f.unique(lambda: f"DN-{f.digits(5)}")
    c["tribunal"], prefix = f.pick(TRIBUNALS)
    c["trib"] = f.unique(lambda: f"{prefix}-{c['year']}-{f.digits(4)}")
    c["hunit"] = f"{f.pick(PREFIXES)} {f.pick(HEALTH_UNITS)}"
    c["vac1"], c["lot"] = f.pick(VACCINES), f"{f.pick('ABCDEFHK')}{f.digits(5)}"
    c["specialty"], c["complaint"], c["tests"] = f.pick(REFERRALS)
    c["t_start"], c["t_end"] = f.pick(SESSIONS)
    c["caterer"] = f"{f.pick(PREFIXES)} {f.pick(['Catering', 'Fine Foods', 'Kitchen and Catering'])}"
    c["software"] = f"{f.pick(CODE_ADJ)} {f.pick(['Software Inc.', 'Cloud Systems Ltd.', 'Data Corp.'])}"
    c["software_web"] = "www." + c["software"].split()[0].lower() + f.pick([".com", ".io", ".ca"])
    c["qtr"] = str(f.rng.randint(1, 4))
    c["prov_name"] = PROVINCES[c["org1_prov"]]
    c["month"] = f"{c['_d0']:%B %Y}"
    c.update(n1=str(r(2, 9)), n2=str(r(12, 60)), n3=str(r(80, 450)), pct2=str(r(8, 35)),
             article=str(r(5, 32)))
    a1, a2 = round(f.rng.uniform(180, 4200), 2), round(f.rng.uniform(90, 2600), 2)
    interest = round((a1 + a2) * 0.02, 2)
    c.update(amt1=f.money(a1), amt2=f.money(a2), amt_int=f.money(interest),
             amt_sum=f.money(a1 + a2 + interest))
    guests, per_head = r(12, 60), f.rng.choice([18.5, 22.0, 26.75, 31.0])
    cater, coffee, setup = guests * per_head, guests * 3.25, f.rng.choice([75.0, 120.0, 180.0])
    c_sub = cater + coffee + setup
    c.update(guests=str(guests), per_head=f.money(per_head), cater=f.money(cater),
             coffee=f.money(coffee), setup=f.money(setup), c_sub=f.money(c_sub),
             c_tax=f.money(c_sub * c["tax_rate"] / 100),
             c_total=f.money(c_sub * (1 + c["tax_rate"] / 100)))
    rows, flat, total = [], [], 0.0
    for desc, lo, hi in f.rng.sample(SUPPLIES, r(3, 5)):
        qty, unit = r(1, 12), round(f.rng.uniform(lo, hi), 2)
        total += qty * unit
        rows.append([desc, str(qty), f.money(unit), f.money(qty * unit)])
        flat.append(f"{desc}: {qty} @ {f.money(unit)} = {f.money(qty * unit)}")
    c["plist"] = Table(["Item", "No.", "Each", "Line"], rows, flat,
                       [(0, "l"), (0.62, "r"), (0.8, "r"), (1, "r")])
    c["l_total"] = f.money(total * (1 + c["tax_rate"] / 100))
    c["ap1"] = "accounts.payable@" + c["p1_email"].split("@")[1]


CORPUS_FIN_AP = [
    """From: {p2} <{p2_email}>
To: Accounts Payable <{ap1}>
Date: {date}
Subject: [[Invoice {inv} for order {po}|Invoice {inv} - {org2}|{org2} invoice {inv}]]

Hello,

@p Please find our invoice below for the goods delivered on {date_m7} against your purchase
  order {po}. [[A PDF copy is attached for your records.|The signed delivery slip is attached.]]

INVOICE {inv}
Bill to: {org1}, {org1_addr}, {org1_city}
@rows items
Subtotal: {subtotal}
{tax_name} {tax_rate}%: {tax}
Amount due: {total}
Payment terms: [[Net 30|Net 15|Due on receipt]]

@p Please remit by EFT to {bank}, quoting the invoice number, or pay by cheque to the address on
  our website.
Thank you,
{p2}
Accounts Receivable, {org2}
""",
    """@org {software}
@sub {org2_addr}, {org2_city} - {software_web}
@title [[Subscription Invoice|Annual Licence Renewal - Invoice|Renewal Invoice]]

Invoice Number: {inv}
Invoice Date: {date}
Customer: {org1} (account {acct})
Attention: {p1}, {role1}
Subscription term: {date_p1} to {date_p365}

[[Records management software, 25 named users|Cloud document storage, 2 TB plan|E-signature
  service, unlimited envelopes]]: {subtotal}
[[Premium support and training hours|Additional storage add-on|Implementation services]]: included
{tax_name} ({tax_rate}%): {tax}
Total amount due: {total}

@p This renewal is issued under master subscription agreement {con}. Payment is due within 30
  days of the invoice date. [[If you do not wish to renew, please tell us before the start of the
  new term; otherwise the subscription continues automatically.|The price increase of four
  percent was announced ninety days before renewal, as the agreement requires.]]
@p Pay online at {software_web}/pay or remit by cheque to the address above, quoting the invoice
  number and your account number.
""",
    """@org {caterer}
@sub {org2_addr}, {org2_city}
@sub Phone {org2_phone} - {p2_email}
@title [[INVOICE - CATERING SERVICES|Catering Invoice|Invoice for Event Services]]

Invoice #: {inv}
Date: {date}
Bill To: {org1}, attention {p1}
Event: [[Board of Directors meeting|Annual general meeting|Staff recognition lunch|Volunteer
  appreciation evening]], {date_m3}
Guests: {guests}

[[Hot buffet|Sandwich and salad platters|Plated meal]], {guests} guests at {per_head}: {cater}
Coffee, tea and refreshments: {coffee}
Room setup and service staff: {setup}
Subtotal: {c_sub}
{tax_name}: {c_tax}
Balance due: {c_total}

@p Payment terms: net 30 days. Please make cheques payable to {caterer} or pay by e-transfer to
  {p2_email}, quoting the invoice number. [[Thank you for choosing us for your event.|It was a
  pleasure to cater for your group.]]
""",
    # plain-worded: a lawyer's fee note
    """@org {firm}
@sub {org2_addr}, {org2_city} - {org2_phone}
@title [[FEE NOTE|Fee Note|Note of Fees]] {stmt}
@r {date}

Client: {org1}
For the attention of: {p1_hon} {p1}
Client account: {acct}

@p Charges for the period {date_m30} to {date_m1} for professional services in connection with
  [[the review of your storage arrangements|advice on your retention schedule|the lease of your
  records centre]], as follows:
@rows svc
Fees: {fees}
Disbursements: {disb}
{tax_name}: {svc_tax}
[[Total now payable|Now payable|Total for the period]]: {svc_total}

@p Please settle the balance within [[14|30]] days of this note by cheque or wire transfer,
  quoting client account {acct}. Accounts outstanding after that date attract interest at
  [[1%|1.5%]] per month. [[With compliments.|E. and O.E.]]
""",
    # plain-worded: periodic charges from a storage vendor
    LETTERHEAD2 + """@title [[Charges for the Period|Monthly Charges|Storage and Retrieval Charges]]

Account: {acct}
Period: {date_m30} to {date_m1}
Issued: {date}
Customer: {org1}, {org1_addr}, {org1_city}

@rows items
Charges before tax: {subtotal}
{tax_name} at {tax_rate}%: {tax}
Total charges this period: {total}

@p Please settle the balance by {date_p30}. Payment can be made by EFT to {bank}; quote account
  {acct} so that we can apply your payment correctly. Any amount outstanding after that date
  carries a late charge of 2% per month.
@p Questions about these charges? Contact {p2} at {p2_email} or {org2_phone}. [[We value your
  business.|Thank you for your continued custom.]]
""",
    # plain-worded: overdue account reminder
    """@org {org2}
@sub Credit Department - {org2_phone}
@title [[Account Reminder|Overdue Account Notice|Second Notice - Unpaid Charges]]

Date: {date}
Customer: {org1}
Account: {acct}

@p Our records show that the following charges on your account remain unpaid more than 30 days
  after they fell due:
{date_m60} - [[Archive box pick-up and storage|Toner and paper supplies|Technician call-out]]: {amt1}
{date_m45} - [[Shredding service, two bins|Courier deliveries, nine trips|Scanning, 4,200 images]]: {amt2}
Interest on overdue amounts: {amt_int}
Total outstanding: {amt_sum}

@p If you have already sent payment, thank you, and please disregard this notice. Otherwise we
  ask that you settle the outstanding amount by {date_p14}. [[Continued non-payment may lead to
  the suspension of service.|Accounts more than 90 days in arrears are referred to a collection
  agency.]]
@p [[To discuss a payment plan|If you think a charge is wrong]], please call {p2} at
  {org2_phone}.
""",
]

CORPUS_FIN_PO = [
    LETTERHEAD1 + """@title [[Purchase Order Change Notice|Change Order|Amendment to Purchase Order]]

Purchase Order No.: {po}
Change No.: [[1|2|3]]
Date of Change: {date}
Original Order Date: {date_m21}
Vendor: {org2}, {org2_town}

@p The purchase order referenced above is amended as follows. All other terms remain unchanged.
@p [[Quantity of the first line increased at the same unit price, at the request of {dept}.|Delivery
  date changed to {date_p21} at the vendor's request.|Ship to address changed to {org3_addr},
  {org3_city}.]]
@rows items
Revised order total: {total}

@p Please acknowledge this change by e-mail to {p3_email} within two business days. Invoices
  must quote the purchase order number and the change number.
Authorized by: {p3}, {role3}
""",
    """Subject: {po} - [[toner and paper|archive supplies|IT accessories]] for {dept}
From: {p3} <{p3_email}>
To: {p2} <{p2_email}>
Date: {date}

@p Please supply the items below under purchase order {po}. Quote this number on the packing
  slip and the invoice.

PURCHASE ORDER {po}
Order date: {date}
Deliver to: {org1}, Receiving Dock, {org1_addr}, {org1_city}
Required by: {date_p14}
@rows items
Order total including {tax_name}: {total}

Authorized by {p3}, {role3}
""",
    LETTERHEAD1 + """@title [[PURCHASE ORDER - SERVICES|Service Purchase Order|Purchase Order for Services]]

P.O. Number: {po}
Order Date: {date}
Contract Reference: {con}
Supplier: {org2}
Requisition: {req}

@h Services Ordered
@p [[Scanning and indexing of {n2} boxes of closed personnel files|Annual preventive maintenance
  of the records vault HVAC units|Secure destruction of {n2} boxes of records, with certificates
  of destruction]] at the rates in the contract referenced above, not to exceed {total}
  including {tax_name}.
@p Work location: {org1_addr}, {org1_city}. Work to be completed by {date_p60}. The supplier's
  staff must sign in at reception and wear identification at all times.
@p This order is issued under, and subject to, the terms of the contract. Invoices are to be
  submitted monthly in arrears with time sheets attached.
Authorized by: {p3}, {role3}
Budget code: {budget}
""",
    LETTERHEAD1 + """@title [[Emergency Purchase Requisition|Urgent Requisition|Sole Source Requisition]]

Requisition No.: {req}
Date: {date}
Requested by: {p1}, {dept}
Supplier: {org2}

@h Reason
@p [[Stock ran out during the year-end scanning push and the next scheduled order is six weeks
  away.|A pipe failure in the supply room damaged these items and they must be replaced before the
  office reopens.|The items are needed for the temporary records centre opening next week.]]
@rows items
Estimated total: {total}

@p Purchasing will issue a purchase order number to the supplier by telephone and confirm in
  writing. Ship to the main receiving dock. Quantity and unit price must be checked against the
  supplier's quote on delivery.
Authorized by: {p3}, {role3}, {date}
""",
    # plain-worded: internal supply request
    """@org {org1}
@title [[Supply Request|Stationery and Supplies Request|Request for Supplies]]

Request No.: {sr}
Submitted: {date}
Team: {dept}
Requested by: {p1}
Needed by: {date_p14}
Preferred supplier: {org2}

@h Items Needed
@rows plist
Estimated cost with {tax_name}: {l_total}

@h Approval
Cost centre: {budget}
Approved: {p3}, {date_p1}
@p Purchasing will place the order with the supplier and send back a confirmation number. Goods
  are received at the front desk; check the packing slip against this request before signing
  for the cartons.
""",
    # plain-worded: order confirmation sent to a vendor
    """{org1}
{org1_addr}, {org1_city}
{date}

{org2}
Attention: {p2}
{org2_addr}, {org2_city}

@title [[Order Confirmation|Confirmation of Order|Order Placed]] - Our Reference {sr}
@p Further to your quotation {q_no} of {date_m7}, we confirm our order for the following goods,
  at the prices quoted:
@rows plist
Total, including {tax_name}: {l_total}
@p Please arrange [[delivery|shipment]] to our receiving area at the address above by
  {date_p21}, weekdays between 8 a.m. and 3 p.m. Our reference {sr} must appear on your packing
  slip and on your bill, or payment may be delayed.
@p Kindly confirm acceptance of this order and the expected dispatch date by return e-mail to
  {p3_email}.
{p3}
{role3}
""",
    # plain-worded: stockroom reorder sheet
    """@title [[Stores Replenishment|Restocking List|Reorder Sheet]] - {month}
Stockroom: {org1}, {dept}
Prepared by: {p1}
Supplier: {org2}
Reference: {sr}

@p The following lines have fallen below their reorder level and are to be reordered from the
  supplier at the standing price list:
@rows plist
Value of reorder, with {tax_name}: {l_total}

@p Approved for release by {p3}. [[Goods to arrive by|Expected dispatch]] {date_p7}. Stores will
  check each carton against this sheet on arrival and record any shortages or damaged items for
  follow-up with the supplier. Back-ordered lines stay open until they are filled or cancelled.
""",
]

CORPUS_LEG_CON = [
    """@title [[NON-DISCLOSURE AGREEMENT|CONFIDENTIALITY AGREEMENT|MUTUAL NON-DISCLOSURE AGREEMENT]]

@p This Agreement is made on {date} between {org1} and {org2} (each a "Party" and together the
  "Parties").
@p WHEREAS the Parties wish to exchange confidential information in connection with [[the
  {codename} project|a possible records digitization contract|the evaluation of a shared storage
  facility]] (the "Purpose"); NOW THEREFORE the Parties agree as follows:
@p 1. Confidential Information means all non-public information disclosed by one Party to the
  other, in any form, that is marked confidential or would reasonably be understood to be so.
@p 2. The receiving Party shall use Confidential Information only for the Purpose and shall not
  disclose it to any third party without prior written consent.
@p 3. These obligations do not apply to information that is or becomes public through no fault
  of the receiving Party.
@p 4. The term of this Agreement is [[two|three|five]] years. On termination, each Party shall
  return or destroy the other Party's Confidential Information.
@p 5. The receiving Party shall indemnify the disclosing Party for losses arising from a breach
  of this Agreement.
@p 6. This Agreement is governed by the laws of the Province of {prov_name}.
IN WITNESS WHEREOF the Parties have signed this Agreement.
{org1}: {p1}, {role1}
{org2}: {p2}, Authorized Signatory
""",
    """@title [[CONSULTING CONTRACT|Contract for Consulting Services|Professional Services Contract]]
Contract No. {con}

@p This contract is entered into on {date} between {org1} (the "Owner") and {p5} of {org3}
  (the "Consultant").
Scope: [[Review the records retention schedule and recommend changes|Prepare a business case for
  an electronic records system|Assess storage conditions at two sites]]
Term: {date_p7} to {date_p90}
Fees: {fee}, plus reasonable expenses approved in advance

@p The Consultant shall deliver a written report and present its findings to the management team.
  The Owner may terminate this contract on ten days notice and shall pay for work completed to
  that date. The Consultant is not an employee of the Owner and is responsible for its own taxes
  and insurance. Intellectual property in the deliverables belongs to the Owner. The Consultant
  shall indemnify the Owner against claims arising from its negligence.
@p The parties hereby agree to these terms.
Signed: {p1}, {role1}, for the Owner
Signed: {p5}, Consultant
""",
    """@title [[MINUTES OF SETTLEMENT|SETTLEMENT AGREEMENT AND RELEASE|FULL AND FINAL RELEASE AND
  SETTLEMENT]]

@p The parties to the action between {org1}, plaintiff, and {org2}, defendant, have agreed to
  settle all claims between them on the following terms:
@p 1. The defendant shall pay the plaintiff {fee} in full and final settlement, within 30 days
  of signing.
@p 2. On receipt of payment, the plaintiff shall deliver a consent dismissing the action without
  costs.
@p 3. The plaintiff hereby releases the defendant from all claims arising from supply contract
  {con} and the invoices issued under it.
@p 4. The terms of this settlement are confidential, except as required by law or to enforce
  them.
@p 5. Neither party admits liability. Each party shall bear its own legal costs.
@p 6. This agreement may be signed in counterparts and delivered electronically, and binds the
  parties and their successors.
Dated {date}.
For the plaintiff: {p1}, {role1}
For the defendant: {p2}, President
""",
    # plain-worded: a letter of agreement
    LETTERHEAD1 + """@r {date}

{p2}
{org2}
{org2_addr}, {org2_city}

Dear {p2_first}:
@title [[Letter of Agreement|Re: Letter of Agreement - {codename}|Letter of Understanding]]
@p This letter confirms the arrangement we discussed for {service} at our premises. You will
  provide the work starting {date_p14} for twelve months, and we will pay {fee} per year in
  monthly instalments on receipt of your monthly statement.
@p Either of us may end this arrangement on 60 days written notice. Your staff remain your
  responsibility, and you will carry liability insurance of at least two million dollars. You
  will keep our information confidential and return all of our records when the work ends.
@p If this reflects your understanding, please sign below and return one copy to me. Once
  countersigned, this letter will be binding on both organizations.

Sincerely,

{p1}
{role1}

Accepted for {org2}: {p2}   Date: ______________
""",
    # plain-worded: standard service terms
    """@org {org2}
@title [[Service Terms|Terms of Service|Standard Terms and Conditions of Service]]
Customer: {org1}
Service: {service}
Effective: {date}

@p 1. Scope. We will provide the service described above at the locations listed in the order
  form, during normal business hours unless otherwise stated.
@p 2. Charges. The annual charge is {fee}, billed monthly. Prices are fixed for the first twelve
  months and may then change on 60 days written notice.
@p 3. Duration and renewal. These terms run for twelve months from the effective date and renew
  automatically for further twelve-month periods unless either side gives 60 days written notice.
@p 4. Liability. Our total liability for any claim is limited to the charges paid in the previous
  twelve months. Neither side is liable for indirect or consequential loss.
@p 5. Confidentiality. We will handle your records only on your instructions and will not
  disclose them to anyone else unless the law requires it.
@p 6. Ending the service. Either side may end the service for a serious breach not remedied
  within 15 days of notice. On ending, we will return all your records within 30 days.
@p 7. Disputes. Disagreements will first go to mediation in {org1_town} under the laws of
  {prov_name}.
@p Signing the order form, or using the service, means you accept these terms.
""",
    # plain-worded: licence to occupy storage space
    """@title [[Licence to Occupy|Storage Space Licence|Licence of Premises]]
Licensor: {org3}
Licensee: {org1}
Premises: [[Room 12, lower level|Unit 4 warehouse bay|The former library annex]], {org3_addr},
  {org3_city}
Commencement: {date_p14}
Licence fee: {fee} per year, payable monthly in advance

@p 1. The Licensor grants the Licensee the non-exclusive right to use the Premises for the
  storage of boxed records and equipment, and for no other purpose.
@p 2. The Licensee shall keep the Premises clean and tidy, shall make no alterations without
  consent, and shall allow the Licensor access on 24 hours notice.
@p 3. The Licensee shall carry liability insurance of at least two million dollars naming the
  Licensor as an additional insured.
@p 4. Either side may end this licence on 90 days written notice, and the Licensor may end it at
  once if the fee is more than 30 days in arrears.
@p 5. This licence creates no tenancy and no interest in land.
Signed for the Licensor: {p4}, {date}
Signed for the Licensee: {p1}, {role1}, {date}
""",
]

CORPUS_COR_GEN = [
    """{p4}
{org3_addr}
{org3_city}
{date}

{org1}
Customer Service
{org1_addr}, {org1_city}

Dear Sir or Madam:
@p I am writing about [[the invoice|the bill]] I received for [[the water meter replacement at
  my home|the hall rental in {month}|the overdue library materials]], which I believe is
  incorrect. The amount shown, {amt2}, is almost double the estimate your staff gave me.
@p I have enclosed a copy of the estimate and my receipt. I would appreciate it if someone could
  review the charge and contact me. I am happy to pay the amount that was agreed.
@p I have lived in {org1_town} for many years and have always found your staff helpful, so I
  hope this can be sorted out quickly.

Yours truly,

{p4}
Tel. {org3_phone}
""",
    LETTERHEAD1 + """@r {date}

{p2_hon} {p2}
{role2}, {org2}
{org2_addr}, {org2_city}

Dear {p2_hon} {p2_last}:
@h Re: [[Renewal of our contract|Our service agreement|Contract {con}]]
@p As you know, our contract with {org2} for [[records storage|cleaning services|printing and
  mail handling]] ends on {date_p90}. I am writing to let you know that we [[intend to issue a
  new request for proposals|would like to extend it for one further year on the same
  terms|will not be renewing it]].
@p Your team has been easy to work with, and I would like to thank you for the care taken with
  our files over the past three years. {p3} will be in touch about the next steps and the
  transition arrangements.
@p Please feel free to call me at {org1_phone} if you have any questions.

Sincerely,

{p1}
{role1}
""",
    """From: {p3} <{p3_email}>
Sent: {date} {time1}
To: {p1} <{p1_email}>
Subject: RE: Draft [[annual report|audit report|inspection report]] - comments

Hi {p1_first},

@p Thanks for sending the draft. I have read it through and have a few comments before it goes to
  the committee. The findings on page 4 are clear, but the recommendations do not say who is
  responsible or by when. Could we add owners and dates?
@p The summary table still shows last year's figures for the storage costs. {p5_first} has the
  corrected numbers, so I have copied her on this message.
@p Otherwise it reads well. Happy to talk it over tomorrow morning if that helps.

Regards,
{p3}
{role3}
""",
    # plain-worded: the body of an e-mail, exported without headers
    """Hi {p2_first},

@p Quick note to say the boxes arrived this morning, all [[twelve|sixteen|twenty]] of them, and
  nothing was damaged this time. [[Thanks for sorting out the courier.|Your driver was very
  helpful.]]
@p One small thing: could you send the packing list again? The copy in the first carton got wet.
  No rush, end of the week is fine.
@p Also, {p3_first} mentioned you might be in {org1_town} on {date_p7}. If so, drop by and we
  can go over the plans for the spring. I will be in the office all afternoon.

[[Cheers|Thanks again|All the best]],
{p1_first}

--
{p1}
{org1} | {org1_phone}
""",
    # plain-worded: telephone message slip
    """@title [[Telephone Message|Phone Message|While You Were Out]]
For: {p1}
Taken by: {p3}
Date and time: {date}, {time1}
Caller: {p4}, {org3}
Call back at: {org3_phone}

@p [[{p4_first} called about|The caller asked about|Returned your call about]] [[the donation of
  family papers to the archives, and would like someone to visit next week to look at the
  material|the use of the community room for a spring event; wants to confirm the date and
  whether there is a charge|the photographs lent for the anniversary display, and asks when they
  will be returned]].
@p [[Please call back before noon if possible.|Not urgent; any afternoon is fine.|Will try
  again tomorrow if not reached.]] The caller mentioned that e-mail is not a good way to reach
  them at the moment, so a call is best. They also asked that you keep the file number handy.
Message left on voicemail as well: [[yes|no]]
""",
    # plain-worded: a web enquiry and the reply sent
    """@title [[Website Enquiry|Online Contact Form|Public Enquiry]] {ticket}
Received: {date}
Name: {p4}
E-mail: {p4_email}
Topic: [[Family history research|Access to old records|Planning a research visit]]

Message:
@p Hello, I am researching my grandparents, who lived in {org1_town} in the 1950s. Do you hold
  any old property or school records from that time, and can members of the public look at them?
  I can visit on a weekday.

Reply:
@p Hi {p4_first}, thanks for getting in touch. We do hold property assessment rolls and some
  school board records from the 1950s. You are welcome to visit our reading room, Tuesday to
  Friday from 10 to 4; booking ahead helps us have the boxes ready. Copies are free for the
  first 20 pages.
@p Looking forward to seeing you,
{p3}, {org1}
Replied: {date_p1}
""",
]

CORPUS_HR_PER = [
    LETTERHEAD1 + """@r {date}

[[Confidential|PERSONAL AND CONFIDENTIAL]]
{p4}
{job}, {dept}

Dear {p4_first},
@title Re: Approval of [[Leave of Absence|{leave_type}|Leave Request]]
@p I am pleased to confirm that your request for {leave_type} from {date_p14} to {date_p90} has
  been approved. Your position will be held for you, and your seniority continues to accrue
  while you are away.
@p Your group benefits continue during the leave; your share of the premiums will be deducted
  from your salary before the leave begins. Please confirm your return date with your manager,
  {p3}, at least two weeks before you come back.
@p If your plans change, contact Human Resources as soon as possible so that we can adjust the
  arrangements.

Sincerely,

{p1}
{role1}
cc: Employee file {emp}
""",
    LETTERHEAD1 + """@r {date}

{p4}
Employee No. {emp}

Dear {p4_first},
@title [[Completion of Probationary Period|Confirmation of Permanent Employment]]
@p I am pleased to confirm that you have successfully completed your probationary period as
  {job} in the {dept} department. Your employment is now permanent, effective {date_p1}.
@p In recognition of your work, your salary will increase to {salary} per year from the next pay
  period. Your first annual performance review will take place in twelve months, and your
  manager, {p3}, will meet with you to set goals for the year ahead.
@p Thank you for the energy and care you have brought to the team since your start date.

Sincerely,

{p1}
{role1}, Human Resources
""",
    """@org {org1}
@title [[Written Warning|Record of Disciplinary Action|Letter of Expectation]]
Employee: {p4} ({emp})
Position: {job}
Manager: {p3}
Date: {date}

@p This letter is a formal record of our meeting on {date_m3} about [[your attendance. You were
  absent without approval on {date_m30} and {date_m14}, and late on six occasions last month.
@p You are expected to call your manager before the start of your shift when you cannot
  attend|the handling of confidential files. On {date_m14} personnel files were left unattended
  on a shared printer.
@p You are expected to follow the clean desk and printing procedures at all times|repeated delays
  in processing supplier payments, which led to late charges.
@p You are expected to clear the payment queue each Friday]]. The Employee Assistance Program is
  available if personal matters are affecting your work.
@p Further incidents may result in further discipline, up to and including termination of
  employment. A copy of this letter will be placed in your personnel file.
Employee acknowledgement: {p4}, {date}
Human Resources: {p1}
""",
    # plain-worded: onboarding checklist
    """@org {org1}
@title [[New Staff Onboarding Checklist|Onboarding Checklist|First Week Checklist]]
Staff member: {p4}
Job title: {job}
Team: {dept}
Team lead: {p3}
First day: {date_p14}

[x] Welcome e-mail and first-day instructions sent
[x] Building access card and photo ID requested
[ ] Laptop, phone and network account set up
[ ] Payroll enrolment and direct deposit form received
[ ] Benefits enrolment explained; forms due within 30 days
[ ] Code of conduct and confidentiality undertaking signed
[ ] Health and safety orientation completed
[ ] Privacy and records training booked for {date_p28}
[ ] Introduced to the team; buddy assigned: {p5}
[ ] Three-month check-in booked

@p The team lead returns the completed checklist to the people and culture office by the end of
  the first month. The signed undertaking is kept on the staff file.
Completed by: {p3}, {date_p28}
""",
    # plain-worded: exit interview
    """@org {org1}
@title [[Exit Interview Record|Departure Interview Notes|Exit Interview]]
Staff member: {p4}
Job title: {job}, {dept}
Years of service: {n1}
Last day of work: {date_p7}
Interviewer: {p1}
Reason for departure: [[Accepted a role with another organization|Relocating with family|Retirement|
  Returning to full-time studies]]

@p What did you enjoy most about working here? "The people on my team, and the flexible hours
  when my children were small. I learned a great deal from {p3_first}."
@p What could we have done better? "Workloads at year-end were very heavy, and there was no clear
  path to a senior role. Training budgets were cut two years in a row."
@p Would you consider coming back? [[Yes|Possibly|Not at this time]].
@p Notes: final pay, unused vacation and the date benefits end were explained. Keys, badge and
  laptop will be returned on the last day. The staff member agreed that comments may be shared
  with the team lead in anonymous form.
""",
    # plain-worded: a grievance, written as a letter
    """{p4}
{job}, {dept}
{date}

{p1}
{role1}, {org1}

Dear {p1_hon} {p1_last}:
@title Re: [[Formal Grievance|Grievance - Scheduling of Overtime|Grievance under Article {article}]]
@p I am filing a formal grievance under Article {article} of the collective agreement. On
  {date_m14}, [[overtime shifts in the file room were offered to junior staff ahead of me,
  contrary to the seniority provisions|I was asked to perform the duties of a higher-paid
  classification for six weeks without acting pay|my request for a flexible work arrangement was
  refused without reasons]]. I raised this informally with my supervisor, {p3}, on {date_m7},
  but the matter was not resolved.
@p As a remedy I am asking that the decision be reviewed, that I be compensated for any loss, and
  that the practice be corrected.
@p My union steward, {p5}, will attend any grievance discussion with me. Please contact me at
  {org3_phone}.

Sincerely,

{p4}
cc: {p5}, Union Steward
""",
]

CORPUS_MED_HF = [
    """@org {clinic}
@title [[Laboratory Requisition|Lab Requisition|Requisition for Laboratory Tests]]
Patient: {p4}
Date of Birth: {dob}
Health Card No.: {hcn}
Ordering physician: {p2}, MD, {lic}
Date: {date}

Tests requested:
[[Complete blood count (CBC)|Hemoglobin A1c|Lipid profile]]
[[Fasting glucose|Thyroid stimulating hormone (TSH)|Creatinine and eGFR]]
[[Urinalysis|Vitamin B12|Ferritin]]

Clinical information and provisional diagnosis: [[Fatigue, rule out anemia|Type 2 diabetes,
  monitoring|Annual review]]
Current medication: {meds}
@p The patient should fast for 10 to 12 hours before the blood draw. Results will be sent to the
  ordering physician and added to the clinic record. Specimens are collected at the lab counter
  on the ground floor, Monday to Saturday, no appointment needed.
""",
    """@title [[Medication Review|Medication Reconciliation Record|Prescription Review]]
{clinic}
Patient: {p4}
Date of Birth: {dob}
Chart No.: {chart}
Allergies: {allergy}
Date: {date}

Current medication: {meds}
Also taking: [[Vitamin D 1000 IU daily|Acetaminophen as needed for pain|No over-the-counter products]]

@p Reviewed with the patient after discharge from hospital on {date_m7}. The patient understands
  the purpose of each medication and the dose. [[No changes made.|The evening dose was moved to
  the morning to reduce dizziness.|A pill organizer was recommended.]] Side effects to watch for
  and when to seek help were explained.
@p Repeat prescription sent to the patient's pharmacy for 90 days. Follow-up with the family
  physician in four weeks.
Reviewed by: {p2}, PharmD, for the clinic
""",
    """@org {clinic}
@sub {org3_addr}, {org3_city}
@title [[Pre-placement Health Questionnaire|Occupational Health Questionnaire|Health Screening for
  New Staff]]
Employee: {p4}
Employer: {org1}
Position: {job}
Manager: {p3}
Date: {date}

1. Any medical condition that may affect your ability to do this job? [[No|Yes - see notes]]
2. Medication that causes drowsiness? [[No|Yes]]
3. Allergies: {allergy}
4. Immunization status: [[Up to date|Tetanus booster due|Hepatitis B series incomplete]]
5. Symptoms of illness in the past 14 days: [[None|Mild cold, resolved]]

@p Assessment: fit for the position [[without restrictions|with a sit-stand workstation]]. The
  employer receives only the fitness decision; the medical details stay in the confidential
  occupational health file at the clinic.
Occupational health nurse: {p2}, RN
""",
    # plain-worded: a client's vaccination record
    """@org {hunit}
@title [[Vaccination Record|Client Vaccination Record|Travel Vaccination Record]]
Client: {p4}
Date of birth: {dob}
Client ID: {chart}
Date: {date}

Vaccine given: {vac1}
Dose: [[1 of 2|2 of 2|1 of 3|booster]]
Lot number: {lot}
Site and route: [[left deltoid, intramuscular|right deltoid, intramuscular|left arm, subcutaneous]]
Given by: {p2}, RN

@p The client was screened before vaccination: no fever today, no previous reaction to vaccines,
  not pregnant. Common side effects (sore arm, mild fever, tiredness) were explained, and the
  client waited 15 minutes after the dose with no reaction observed.
@p [[Next dose due on or after {date_p28}.|Series complete.|Booster recommended in ten years.]]
  Please bring this record to every vaccination visit.
""",
    # plain-worded: a referral note to a specialist
    """{p2}, MD
{org3_addr}, {org3_city}
Tel. {org3_phone}
{date}

For: Dr. {p5_last}, {specialty}
@title [[Referral Note|Consultation Request|Request for Specialist Opinion]]
Client: {p4}, born {dob}, ID {chart}

@p Thank you for seeing {p4_first}, who has {complaint}.
@p Relevant history: [[hypertension, well controlled|no significant past history|type 2
  diabetes]]. Current treatment: {meds}. Known reactions: {allergy}.
@p Examination and tests so far: vital signs normal; {tests}. I would be grateful for your
  assessment and advice on management. Please send your consultation letter to the address above.
""",
    # plain-worded: a home nursing visit note
    """@title [[Home Visit Note|Nursing Visit Record|Community Nursing Progress Note]]
Home and Community Care, {org3_town}
Client: {p4}
Client ID: {chart}
Visit date: {date}, {time1}
Nurse: {p2}, RN

@h Subjective
@p Client reports [[sleeping better since the last visit|some soreness around the wound
  site|occasional dizziness when standing up]]. Appetite fair. Daughter present for the visit.
@h Objective
BP 128/82, pulse 74, temperature 36.8, oxygen saturation 97% on room air
@p [[Wound on the left lower leg measures 2.5 by 1.8 cm, clean, edges pink; dressing
  changed.|Blood sugar log reviewed, readings 6 to 9 before meals.|Weight stable at 71 kg; ankles
  mildly swollen.]]
@h Plan
@p Continue the current care plan. Next visit {date_p7}. Family to call the nursing line at
  {org3_phone} if fever, increased redness, or a fall occurs.
""",
]

CORPUS_LEG_CRT = [
    """@c Court File No. {file_no}
@c ONTARIO SUPERIOR COURT OF JUSTICE
BETWEEN:
@c {org2}, Plaintiff
@c - and -
@c {org1}, Defendant
@title STATEMENT OF CLAIM

@p TO THE DEFENDANT: A LEGAL PROCEEDING HAS BEEN COMMENCED AGAINST YOU by the Plaintiff. The
  claim made against you is set out in the following pages. If you wish to defend this
  proceeding, you must prepare a statement of defence and serve it within twenty days.
@h CLAIM
@p 1. The Plaintiff claims: (a) damages of {claim} for breach of contract; (b) prejudgment and
  postjudgment interest under the Courts of Justice Act; and (c) its costs of this action.
@p 2. The Plaintiff supplied [[archive shelving|scanning services|office furniture]] to the
  Defendant under a written contract dated {date_m365} and rendered invoices totalling {claim}.
@p 3. Despite repeated demands, the Defendant has failed to pay any part of the invoices.
Issued by: Local Registrar, {court}, {date}
{firm}, {p2} ({lso}), lawyers for the Plaintiff
""",
    """@c Court File No. {file_no}
@c SUPERIOR COURT OF JUSTICE
RE: {org1}, Applicant
AND: {p4}, Respondent
BEFORE: Justice {p5_last}
HEARD: {date_m14}
@title [[ENDORSEMENT|REASONS FOR JUDGMENT|JUDGMENT]]

@p [1] The applicant seeks a declaration that it may destroy records held under the former
  retention schedule, and an order for the return of [[files removed from its offices|a laptop
  and storage drives]] by the respondent.
@p [2] I am satisfied on the evidence that the records in question belong to the applicant and
  that the respondent had no right to keep them after the end of the engagement.
@p [3] The application is granted. The respondent is ordered to deliver the material to counsel
  for the applicant within 14 days. Costs to the applicant, fixed at {costs}, payable within 30
  days.
Justice {p5_last}
Date: {date}
""",
    """@c Court File No. {file_no}
@c [[ONTARIO SUPERIOR COURT OF JUSTICE|SMALL CLAIMS COURT]]
@title [[NOTICE OF GARNISHMENT|Notice of Garnishment - Wages]]
Creditor: {org2}
Debtor: {p4}
Garnishee: {org1}, {org1_addr}, {org1_city}

@p TO THE GARNISHEE: The creditor has obtained a judgment against the debtor in this court for
  {claim}, of which {costs} remains unpaid. You are required to pay to the clerk of the court
  20 percent of the wages owing by you to the debtor, who is believed to be your employee, for
  each pay period after you are served with this notice, until the amount is paid.
@p If the debtor's employment ends, or if you do not owe the debtor any money, you must file a
  garnishee's statement within ten days.
@p IF YOU FAIL TO PAY, the creditor may obtain an order against you for payment of the amount.
Date: {date}
Clerk of the Court: {p3}
""",
    # plain-worded: an affidavit
    """@title AFFIDAVIT OF {p4}
[[Sworn|Affirmed]] {date}

@p I, {p4}, of the City of {org1_town}, in the Province of {prov_name}, MAKE OATH AND SAY:
@p 1. I am the {role1} of {org1} and as such have personal knowledge of the matters deposed to
  below, except where stated to be on information and belief, in which case I believe them to be
  true.
@p 2. On {date_m90}, {org2} delivered [[twelve pallets of archive boxes|a replacement server
  rack|mobile shelving for the basement vault]] to our premises. A true copy of the signed
  delivery slip is attached as Exhibit "A".
@p 3. On {date_m30}, I wrote to {p2} of {org2} asking for the missing items. No reply was
  received. A true copy of my letter is attached as Exhibit "B".
@p 4. I make this affidavit in support of the claim and for no improper purpose.
SWORN BEFORE ME at the City of {org1_town}, on {date}.
A Commissioner for Taking Affidavits: {p5} ({lso})
{p4}
""",
    # plain-worded: a tribunal subpoena
    """@c {tribunal}
@c File No. {trib}
@title [[SUBPOENA|Subpoena to a Witness|SUBPOENA TO ATTEND AND GIVE EVIDENCE]]
In the matter between {p4}, Complainant, and {org1}

Directed at: {p3}, {org3_addr}, {org3_city}

@p YOU ARE REQUIRED to attend and give evidence before the {tribunal} at {org1_addr},
  {org1_town}, on {date_p28} at {time1}, and to remain until you are excused by the presiding
  member.
@p YOU ARE ALSO REQUIRED to bring with you [[all e-mails, schedules and notes concerning the
  complainant for the period {date_m365} to {date_m90}|the personnel file and payroll records of
  the complainant|the incident log and video footage of {date_m90}]].
@p If you fail to attend, a warrant may be issued for your arrest. Witness fees and travel costs
  are payable as set out in the tariff.
Issued on behalf of the {tribunal}, {date}
Registrar: {p5}
""",
    # plain-worded: a tribunal decision
    """@c {tribunal}
@title [[DECISION|Decision and Reasons|Interim Decision]]
File: {trib}
Between: {p4}, Complainant - and - {org1}
Adjudicator: {p5}
Heard: {date_m30}, by videoconference
Decision issued: {date}

@p [1] The complainant alleges that {org1} [[failed to pay wages owing when the complainant's job
  ended|refused to accommodate the complainant's disability|dismissed the complainant in reprisal
  for raising a safety concern]].
@p [2] I heard evidence from the complainant and from two witnesses for the organization, and I
  reviewed the documents filed by both sides. Where the evidence conflicted, I preferred the
  account given in the contemporaneous e-mails.
@p [3] For the reasons above, the complaint is [[dismissed|allowed in part|allowed]]. [[No amount
  is payable.|{org1} shall pay the complainant {costs} within 30 days of this decision.]]
@p [4] I remain seized of any issue arising from the implementation of this decision.
{p5}, Adjudicator
""",
]

CORPUS_GOV_MIN = [
    """@org {org1}
@title [[Finance Committee - Minutes|Minutes of the Finance and Audit Committee]]
Date: {date}
Present: {p1} (Chair), {p3}, {p4}
Regrets: {p5}
Staff: {p2}, {role2}

@p 1. The meeting was called to order at {t_start}, and the agenda was approved as circulated.
@p 2. Quarterly financial report. {p2_first} presented the report for the quarter. Invoices paid
  on time rose to 94 percent. The committee received the report for information.
@p 3. Purchase orders over the delegated limit. The committee reviewed purchase order {po} for
  [[new shelving|the scanning contract|the server replacement]], valued at {amount}. Motion by
  {p3_last}, seconded by {p4_last}, to approve the order. CARRIED.
@p 4. Audit plan. The internal audit report on payroll will come to the next meeting.
@p 5. The meeting adjourned at {t_end}, with the next meeting set for {date_p28}.
Action items: {p2_first} to circulate the revised budget by {date_p14}.
""",
    """@org {org1}
@title [[Minutes of the Annual General Meeting|ANNUAL GENERAL MEETING - MINUTES]]
Held {date} at {org1_addr}, {org1_town}

Present: {p1} (Chair), {n2} members in good standing; quorum confirmed
Regrets: {p2}

@p 1. The Chair called the meeting to order at {t_start} and welcomed members.
@p 2. The minutes of the {prev_year} annual general meeting were adopted. Moved {p3_last},
  seconded {p4_last}. CARRIED.
@p 3. The Treasurer presented the audited financial statements for {prev_year}. Motion to
  receive the statements and to appoint the auditors for the coming year. CARRIED.
@p 4. Election of directors. {p3}, {p4} and {p5} were elected by acclamation.
@p 5. The Chair thanked the volunteers and staff for a successful year.
@p There being no further business, the meeting adjourned at {t_end}
Secretary: {p3}
""",
    """MINUTES - [[{dept} Staff Meeting|Team Meeting, {dept}|Monthly Staff Meeting]]
Date: {date}
Attendees: {p1}, {p3}, {p4}, {p5}
Regrets: {p2}
Chair: {p1}

@p 1. Agenda reviewed; no additions.
@p 2. Workload. Year-end invoice processing is on track. The backlog of purchase orders waiting
  for approval is down to {n2}.
@p 3. Policy update. {p1_first} summarized the new hybrid work policy. Staff asked that the
  employee handbook be updated before it takes effect.
@p 4. Training. The records management refresher is booked for {date_p14}.

Action items:
{p3}: update the shared calendar with the year-end deadlines
{p4}: circulate the revised handbook section by {date_p7}
{p5}: book a room for the next meeting, {date_p28}
Meeting adjourned at {t_end}
""",
    # plain-worded: a record of decisions
    """@title [[Record of Decisions|Decision Record|Decisions Log]]
[[Senior Leadership Team|Executive Committee|Operations Committee]] - {org1}
Date: {date}
Members in attendance: {p1} (convenor), {p3}, {p4}, {p5}
Apologies: {p2}

@p D1. The committee approved the revised [[records retention schedule|travel expense
  policy|customer service standards]] for release on {date_p14}.
@p D2. The proposal to extend the {codename} pilot to a second site was deferred to the next
  session, pending costing from Finance.
@p D3. Noted the update on the office renovation; no decision required.
@p D4. Agreed that all teams will complete the privacy training by {date_p60}, and that
  {p3_first} will track completion.
Follow-up owners: {p3} (D2 costing, D4 tracking); {p4} (D1 communication to staff)
Next session: {date_p14}
Recorded by: {p5}
""",
    # plain-worded: notes of an advisory committee
    """@title Notes of the [[Accessibility Advisory Committee|Heritage Advisory Committee|Library Services
  Committee]]
{org1}
Held: {date}, {t_start}, [[Room 204|Boardroom B|by video call]]
Those attending: {p1} (convenor), {p3}, {p4}, {p5}
Apologies received from: {p2}

@h 1. Notes of the last session
@p The notes of {date_m30} were accepted as a true record.
@h 2. Matters arising
@p {p3_first} confirmed that the signage at the east entrance has been replaced.
@h 3. Discussion
@p Members discussed [[the draft plan for the branch renovation|the list of buildings proposed for
  designation|the new lending rules for laptops]]. It was agreed to invite staff to the next
  session to answer questions.
@h 4. Other business
@p None.
@p The convenor thanked members and closed the session at {t_end} Next session: {date_p30}.
""",
    # plain-worded: written resolutions of the directors
    """@title [[Written Resolutions of the Board of Directors|Resolutions of the Directors in
  Writing]]
{org1}

@p The undersigned, being all of the directors of {org1}, consent to the following resolutions,
  which are as valid as if passed by the directors assembled together.
@p BE IT RESOLVED THAT:
@p 1. the financial statements for the year ended December 31, {prev_year}, as audited, are
  approved, and any two directors may sign them on behalf of the board;
@p 2. {p1} is appointed {role1}, effective {date_p1};
@p 3. the signing officers for the operating account at the bank are {p1}, {p3} and {p4}, any
  two of whom may sign cheques and other instruments; and
@p 4. the spending limit for the executive director is increased to {amount}.
Dated {date}.
{p1}, Director
{p3}, Director
{p4}, Director
""",
]

CORPUS_ADM_RPT = [
    """@org {org1}
@title [[Report on Staff Turnover|Human Resources Report: Turnover and Leave Use|Workforce Report
  {prev_year}]]
Report No. {rpt}

@h Executive Summary
@p This report looks at employee turnover and leave use in {prev_year}. Turnover rose to {pct2}
  percent, [[mostly among employees with less than two years of service|driven by retirements in
  the Finance department|concentrated in part-time positions]].
@h Findings
@p 1. Exit interviews point to workload and limited career paths as the main reasons for leaving.
@p 2. Sick leave per employee was stable; use of unpaid leave doubled.
@p 3. Managers spent an average of {n2} days filling each vacant position.
@h Recommendations
@p Introduce stay interviews for new staff; review salary bands for the three hardest-to-fill
  positions; give managers a dashboard of vacancies and leave balances.
@h Conclusion
@p Turnover is manageable but rising. We will report progress in the next quarter.
Prepared by {p3}, {role3}, {date}
""",
    """@title [[Quarterly Financial Report|Financial Status Report - Quarter {qtr}|Q{qtr} Financial
  Report]]
{org1} - {dept}
Period ending {date}

@h Summary
@p Spending for the quarter was {spent}, against a budget of {budget}. The department is on track
  to finish the year within budget.
@h Highlights
@p Accounts payable processed {n_inv} invoices this quarter. {n_exc} invoices were paid late,
  mainly because purchase orders had not been received in the system.
@h Variances
@p Storage costs were lower than planned after the contract with {org2} was renegotiated. Overtime
  was higher than planned during the system conversion.
@h Outlook
@p We expect the year to close with a small surplus. A detailed variance report will go
  to the finance committee on {date_p14}.
Prepared by: {p3}
""",
    """@title [[Incident Report|Security Incident Report|Privacy Breach Report]]
Report No. {rpt}
Date of report: {date}
Reported by: {p3}, {role3}
Location: {org1}, {org1_addr}

@h Summary of Incident
@p On {date_m3}, [[a box of personnel files was found in a recycling bin on the second
  floor|an e-mail with a patient list was sent to the wrong recipient|the door to the records vault
  was found propped open overnight]].
@h Immediate Actions
@p The material was recovered, the area secured and the privacy officer notified the same day.
@h Findings
@p The cause was a gap in the clean-up procedure and a lack of awareness among new staff.
@h Recommendations
@p Retrain staff on secure disposal; add a second check before bins are emptied; audit the
  vault access log monthly.
@h Status
@p Open. Follow-up review scheduled for {date_p30}.
""",
    # plain-worded: a program review
    """@title [[Program Review|Service Review|Review of the {codename} Pilot]]
{org1} - {dept}
Prepared by: {p3}, {role3}
Date: {date}

@h Purpose and scope
@p This review looks at how the {codename} pilot performed between {date_m365} and {date_m30},
  and whether it should continue.
@h What we did
@p We interviewed {n2} staff, surveyed {n3} clients and examined the service data for the
  period.
@h What we found
@p Waiting times fell by {pct2} percent. Clients valued the online booking, but older clients
  found it harder to use. Costs were close to plan.
@h What we suggest
@p 1. Continue the pilot and extend it to a second site.
@p 2. Keep a telephone option for booking.
@p 3. Measure client satisfaction twice a year.
@h Next steps
@p The leadership team will consider this review on {date_p14}.
""",
    # plain-worded: a risk or privacy impact assessment
    """@title [[Privacy Impact Assessment|Threat and Risk Assessment|Risk Assessment]]: {codename}
{org1}
Assessor: {p3}
Date: {date}

@h Description of the initiative
@p The {codename} initiative will [[move scanned client files to a cloud document
  service|introduce a shared booking system with {org3}|give staff remote access to the records
  system]].
@h Information involved
@p Names, contact details and case notes for about {n3} clients; no financial details.
@h Risks and mitigation
Risk 1: unauthorized access by vendor staff. Likelihood: low. Impact: high. Mitigation: encryption
  and access logging.
Risk 2: data kept longer than needed. Likelihood: medium. Impact: medium. Mitigation: automated
  disposal under the retention schedule.
Risk 3: loss of service during an outage. Likelihood: medium. Impact: low. Mitigation: offline
  copies of key lists.
@h Residual risk and sign-off
@p Overall residual risk is rated [[low|medium]]. Accepted by {p1}, {role1}, on {date_p7}.
""",
    # plain-worded: an audit
    """@title [[Accessibility Audit|File Room Audit|Records Compliance Audit]] - {org1}
Audit reference: {audit}
Auditor: {p3}
Period examined: {date_m365} to {date_m30}

@h Scope and criteria
@p We checked a sample of {n_sample} files against the records policy and the retention
  schedule, and walked through the storage areas on {date_m7}.
@h Observations
@p 1. Most files were labelled and stored correctly.
@p 2. {n_exc} files were past their disposal date with no hold recorded.
@p 3. The sign-out register was not kept for files taken off site.
@h Suggested actions and management comments
@p Dispose of the overdue files after approval; restart the sign-out register. Management agreed
  and will complete both by {date_p60}.
@h Overall opinion
@p [[Generally compliant|Partly compliant|Compliant with minor exceptions]].
""",
]

CORPUS_TEMPLATES = {"FIN-AP": CORPUS_FIN_AP, "FIN-PO": CORPUS_FIN_PO, "LEG-CON": CORPUS_LEG_CON,
                    "COR-GEN": CORPUS_COR_GEN, "HR-PER": CORPUS_HR_PER, "MED-HF": CORPUS_MED_HF,
                    "LEG-CRT": CORPUS_LEG_CRT, "GOV-MIN": CORPUS_GOV_MIN, "ADM-RPT": CORPUS_ADM_RPT}

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
