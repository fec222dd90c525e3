"""Demo data of the personas app: two ideal customers and one anti-persona.

Each demo persona has a fixed lineage, so running `seed_demo` again updates version 1
in place (even after a rename in the app) and replaces its dreams, pains and red flags
instead of adding copies.
"""

import uuid

from accounts.demo import DemoContext, register
from accounts.models import Workspace
from personas import services
from personas.models import Dream, Pain, Persona, RedFlag

DEAL_BREAKER = RedFlag.Severity.DEAL_BREAKER
WARNING = RedFlag.Severity.WARNING

AMARA = {
    "key": "physio-opening-a-practice",
    "fields": {
        "kind": Persona.Kind.IDEAL,
        "name": "Amara",
        "tagline": "Physiotherapist leaving the hospital to open her own clinic",
        "age_min": 34,
        "age_max": 50,
        "genders": ["women"],
        "income_bands": ["60k_100k"],
        "family_statuses": ["partnered", "parent_young"],
        "education_levels": ["postgraduate"],
        "occupations": [
            "Physiotherapist",
            "Osteopath",
            "Speech and language therapist",
        ],
        "industries": ["Private healthcare", "Allied health"],
        "company_size_min": 1,
        "company_size_max": 8,
        "locations": ["Bristol", "Bath", "Market towns within an hour's drive"],
        "languages": ["English"],
        "values": ["Doing right by patients", "Independence", "Time with family"],
        "beliefs": [
            "Good care should not depend on a waiting list",
            "A small practice can still be an excellent one",
        ],
        "lifestyle": ["First patient at 7 a.m.", "Sundays are for the family"],
        "hobbies": ["Open-water swimming", "Her allotment"],
        "interests": ["Sports injury research", "Running a small business well"],
        "personality_traits": [
            "Conscientious",
            "Warm with patients",
            "Hard on herself",
        ],
        "favourite_quote": "Look after the basics and the rest follows.",
        "favourite_meal": "Slow-cooked lamb with friends round the table",
        "tv_shows": ["The Repair Shop", "Call the Midwife"],
        "brands": ["Lululemon", "Moleskine", "Volvo"],
        "car": "A second-hand Volvo estate with room for a folding treatment couch",
        "authors": ["Atul Gawande", "Bessel van der Kolk"],
        "blogs_and_podcasts": [
            "A podcast for clinic owners",
            "Her professional body's newsletter",
        ],
        "guilty_pleasures": ["Baking-show marathons", "Chocolate between home visits"],
        "other_details": (
            "Brown eyes, a rescue greyhound called Pip, a flat white with oat milk. "
            "Keeps every thank-you card a patient has ever written her."
        ),
        "buying_emotions": (
            "Relief that someone understands both the clinic and the business, "
            "and some guilt about spending money before the first patient has paid."
        ),
        "inner_conversation": (
            "“I know how to treat people. Nobody ever taught me pricing, leases or how "
            "to be found. If I get this wrong I'll be back on the ward by Christmas.”"
        ),
        "their_words": [
            "I just want to treat patients",
            "The business side scares me",
            "I can't afford to get this wrong",
        ],
        "keeps_them_up": (
            "Whether enough patients will book in the first six months to cover the "
            "rent on the treatment room."
        ),
        "wants_peers_to_know": (
            "That colleagues send their own families to her clinic, and that she "
            "built it without cutting corners on care."
        ),
        "objections": [
            "Should this money go on equipment instead?",
            "Will an adviser understand clinical work?",
            "I don't have evenings to spare",
        ],
        "invite_home": "yes",
        "spend_personal_time": "yes",
        "travel_together": "yes",
    },
    "dreams": [
        {
            "text": "A diary full of patients she loves treating, booked weeks ahead",
            "said_as": [
                "A full diary",
                "Fully booked",
                "Patients I love working with",
                "A waiting list",
            ],
        },
        {
            "text": "Home by six on three evenings a week",
            "said_as": [
                "Home for dinner",
                "Home in time for the kids",
                "Evenings with my family",
                "Finish on time",
            ],
        },
        {
            "text": "A clinic known in town as the place that listens",
            "said_as": [
                "A good reputation",
                "Word of mouth",
                "The clinic people recommend",
            ],
        },
        {
            "text": "A steady salary for herself within the first year",
            "said_as": [
                "Pay myself",
                "A steady income",
                "A regular salary",
                "Cover the rent",
            ],
        },
    ],
    "pains": [
        {
            "text": "No idea how to set prices or write a business plan",
            "said_as": [
                "What to charge",
                "Pricing my sessions",
                "A business plan",
                "Never been taught the business side",
                "I don't know my numbers",
            ],
            "intensity": 5,
            "already_tried": "Free start-up webinars and the bank's plan template",
            "cause": "Years of clinical training and not one day on running a business",
            "our_answer": "Two sessions that work out her prices, costs and "
            "break-even point with her, ending in a plan she understands",
        },
        {
            "text": "Marketing feels like shouting at everyone and reaching no one",
            "said_as": [
                "Marketing",
                "Social media",
                "How to get found",
                "Nobody sees my posts",
                "Attract the right patients",
                "Leaflets",
            ],
            "intensity": 4,
            "already_tried": "Boosted social posts and leaflets through every door",
            "cause": "No clear picture of the patients she wants, so every message "
            "is generic",
            "our_answer": "We describe her ideal patient first, then write one "
            "message and choose two places where those patients already look",
        },
        {
            "text": "Admin swallows her evenings",
            "said_as": [
                "Admin",
                "Paperwork",
                "Invoicing at night",
                "Bookings and invoices",
                "Evenings at the laptop",
            ],
            "intensity": 4,
            "already_tried": "Spreadsheets and a part-time receptionist she can "
            "barely afford",
            "cause": "Every booking, invoice and reminder is done by hand",
            "our_answer": "A simple booking and invoicing routine, set up in a week, "
            "that fits inside clinic hours",
        },
        {
            "text": "Making every decision alone",
            "said_as": [
                "On my own",
                "Nobody to ask",
                "No one to talk it through with",
                "Lonely running a practice",
            ],
            "intensity": 3,
            "already_tried": "Asking friends who still work in large hospitals",
            "cause": "No peers who run their own practice",
            "our_answer": "A monthly call with other clinic owners at the same stage",
        },
    ],
    "red_flags": [
        ("Asks us to make health claims her evidence cannot support", DEAL_BREAKER),
        ("Wants a guaranteed number of patients by a fixed date", WARNING),
        ("Will not share her numbers with us", WARNING),
    ],
}

MARCUS = {
    "key": "financial-services-team-leader",
    "fields": {
        "kind": Persona.Kind.IDEAL,
        "name": "Marcus",
        "tagline": "Credit union branch manager who wants to lead well and get his "
        "evenings back",
        "age_min": 38,
        "age_max": 55,
        "genders": ["men"],
        "income_bands": ["60k_100k", "100k_200k"],
        "family_statuses": ["parent_teen"],
        "education_levels": ["bachelor"],
        "occupations": ["Branch manager", "Mortgage team leader", "Head of lending"],
        "industries": ["Credit unions", "Mortgage brokerage", "Retail banking"],
        "company_size_min": 20,
        "company_size_max": 250,
        "locations": ["The Midlands", "North of England", "Remote"],
        "languages": ["English"],
        "values": ["Loyalty to his team", "Care with members' money", "Being there"],
        "beliefs": [
            "People work hard for a leader who backs them",
            "Long hours are not the same as results",
        ],
        "lifestyle": [
            "At his desk before eight, answering email at ten at night",
            "Coaches his daughter's football team on Saturdays",
        ],
        "hobbies": ["Road cycling", "Five-a-side football"],
        "interests": [
            "Leadership",
            "Personal finance",
            "Getting more done in less time",
        ],
        "personality_traits": ["Dependable", "Competitive", "Says yes too often"],
        "favourite_quote": "Hire good people, then get out of their way.",
        "favourite_meal": "A curry after Saturday football",
        "tv_shows": ["Ted Lasso", "Match of the Day"],
        "brands": ["Garmin", "Marks & Spencer", "Apple"],
        "car": "A hybrid company saloon with a bike rack on the back",
        "authors": ["Simon Sinek", "Patrick Lencioni"],
        "blogs_and_podcasts": ["Leadership podcasts on the commute"],
        "guilty_pleasures": ["Fantasy football", "A drive-through coffee every day"],
        "other_details": (
            "Blue eyes, greying at the temples, a spaniel called Biscuit. A sticky "
            "note of the team's wins lives on the edge of his screen."
        ),
        "buying_emotions": (
            "Hopeful, and a little embarrassed: he has been a manager for years and "
            "feels he ought to know how to lead by now."
        ),
        "inner_conversation": (
            "“If I don't do it myself it won't be done properly. But I can't keep "
            "working sixty hours and missing the kids' matches.”"
        ),
        "their_words": [
            "I'm the bottleneck",
            "I never really switch off",
            "My team deserves better from me",
        ],
        "keeps_them_up": (
            "The quarter's lending target, and the two best people on his team who "
            "look ready to leave."
        ),
        "wants_peers_to_know": (
            "That his branch hits its numbers and that people ask to join his team."
        ),
        "objections": [
            "Can I really find an hour a week for this?",
            "Will head office pay, or do I?",
            "I've been on leadership courses before and nothing changed",
        ],
        "invite_home": "yes",
        "spend_personal_time": "yes",
        "travel_together": "not_sure",
    },
    "dreams": [
        {
            "text": "A team that runs the branch well on the days he is not there",
            "said_as": [
                "Delegate",
                "A team that can cope without me",
                "Stop being the bottleneck",
                "Step back from the day to day",
            ],
        },
        {
            "text": "Leaving at half past five without a knot in his stomach",
            "said_as": ["Leave on time", "Switch off after work", "Less stress"],
        },
        {
            "text": "A regional role, on his own terms",
            "said_as": ["Promotion", "The next step in my career", "Regional manager"],
        },
        {
            "text": "Weekends that belong to his family",
            "said_as": [
                "Weekends with the kids",
                "Time with my family",
                "Free weekends",
            ],
        },
    ],
    "pains": [
        {
            "text": "Sixty-hour weeks and still behind",
            "said_as": [
                "Long hours",
                "Working late",
                "Never switch off",
                "60 hour weeks",
                "Emails at night",
            ],
            "intensity": 5,
            "already_tried": "Time-management apps and coming in earlier",
            "cause": "He still does work he should delegate, because nobody showed "
            "him how to hand it over",
            "our_answer": "Weekly coaching that moves one of his tasks a week to "
            "someone on his team, with a short check-in to make it stick",
        },
        {
            "text": "His best people are thinking of leaving",
            "said_as": [
                "Staff turnover",
                "Losing good people",
                "Team morale",
                "People handing in their notice",
                "Keep my best staff",
            ],
            "intensity": 4,
            "already_tried": "Pay rises he fought for, and team lunches",
            "cause": "He is too busy for real one-to-ones, so nobody feels seen",
            "our_answer": "A twenty-minute one-to-one he can hold every fortnight "
            "and keep up when things get busy",
        },
        {
            "text": "Meetings that end without decisions",
            "said_as": [
                "Pointless meetings",
                "Too many meetings",
                "Nothing gets decided",
            ],
            "intensity": 3,
            "already_tried": "Cancelling meetings, then bringing them all back",
            "cause": "No agenda and nobody owns the decision",
            "our_answer": "A short weekly rhythm with an owner and a date for "
            "every decision, written down",
        },
    ],
    "red_flags": [
        ("Wants a quick fix and will not change his own habits", DEAL_BREAKER),
        ("Sent by HR and does not want to be there", WARNING),
    ],
}

VICTOR = {
    "key": "always-on-client",
    "fields": {
        "kind": Persona.Kind.ANTI,
        "name": "Victor",
        "tagline": "Phones on Sunday night, ignores what we agreed, wants it all his "
        "way",
        "age_min": 40,
        "age_max": 65,
        "genders": ["men", "women", "non_binary"],
        "income_bands": ["100k_200k", "over_200k"],
        "family_statuses": ["partnered"],
        "education_levels": ["bachelor"],
        "occupations": ["Business owner", "Managing director"],
        "industries": ["Property", "Hospitality"],
        "company_size_min": 5,
        "company_size_max": 50,
        "locations": ["Anywhere"],
        "languages": ["English"],
        "values": ["Getting his own way", "The lowest price"],
        "beliefs": [
            "Whoever pays sets the rules",
            "Paying for a service means being on call",
        ],
        "lifestyle": ["Works every weekend and expects everyone else to"],
        "hobbies": ["Golf"],
        "interests": ["Deals and discounts"],
        "personality_traits": ["Impatient", "Charming at first", "Forgets agreements"],
        "favourite_quote": "I've always done it this way.",
        "favourite_meal": "Whatever is quickest, eaten at his desk",
        "tv_shows": ["The Apprentice"],
        "brands": ["Whatever is on offer this week"],
        "car": "A large SUV parked across two spaces",
        "authors": ["Business autobiographies"],
        "blogs_and_podcasts": ["Hustle podcasts"],
        "guilty_pleasures": ["Voice notes sent at midnight"],
        "other_details": (
            "Agrees to email anything that can wait, then rings on Sunday evening "
            "anyway. Tells you about the last three providers he fell out with."
        ),
        "buying_emotions": (
            "Excited by the promise of fast results, and already looking for someone "
            "to blame if they don't arrive."
        ),
        "inner_conversation": (
            "“I'm paying, so they can work the way I work. The last lot didn't get my "
            "business either.”"
        ),
        "their_words": [
            "Just a quick call",
            "My last provider did it my way",
            "This is urgent",
        ],
        "keeps_them_up": "That somebody somewhere is getting a better deal than him.",
        "wants_peers_to_know": (
            "That he drives a hard bargain and people jump when he calls."
        ),
        "objections": [
            "Why can't you work weekends?",
            "Can you knock something off the price?",
        ],
        "invite_home": "no",
        "spend_personal_time": "no",
        "travel_together": "no",
    },
    "dreams": [
        {"text": "Results by next week without changing anything he does"},
        {"text": "A provider who answers whenever he thinks of something"},
    ],
    "pains": [
        {
            "text": "Keeps falling out with providers",
            "intensity": 4,
            "already_tried": "A new provider every few months",
            "cause": "He ignores the ways of working he agreed to, so every "
            "relationship sours",
            "our_answer": "We don't take him on: a short, kind conversation on the "
            "first call and the names of two providers who may suit him better",
        },
        {
            "text": "Feels nobody listens to him",
            "intensity": 3,
            "already_tried": "Calling louder and more often",
            "cause": "He treats every question as urgent, so nothing stands out",
            "our_answer": "Expectations written down at the first meeting; if he "
            "will not keep them, we part ways politely",
        },
    ],
    "red_flags": [
        ("Calls at weekends or late at night after agreeing to email", DEAL_BREAKER),
        ("Ignores the expectations set together at the first meeting", DEAL_BREAKER),
        ("Wants everything done the way his last provider did it", WARNING),
        ("Haggles over the price before hearing the plan", WARNING),
    ],
}

DEMO_PERSONAS = (AMARA, MARCUS, VICTOR)


@register
def seed(context: DemoContext) -> None:
    names = [_seed_persona(context.workspace, demo).name for demo in DEMO_PERSONAS]
    context.write(f"personas: {', '.join(names)}")


def _seed_persona(workspace: Workspace, demo: dict) -> Persona:
    lineage = uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{workspace.slug}:{demo['key']}")
    persona, _ = Persona.objects.update_or_create(
        workspace=workspace,
        lineage=lineage,
        version=1,
        defaults={**demo["fields"], "status": Persona.Status.ACTIVE},
    )
    for model in (Dream, Pain, RedFlag):
        model.objects.filter(persona=persona).delete()
    Dream.objects.bulk_create(
        Dream(persona=persona, position=position, **dream)
        for position, dream in enumerate(demo["dreams"])
    )
    Pain.objects.bulk_create(
        Pain(persona=persona, position=position, **pain)
        for position, pain in enumerate(demo["pains"])
    )
    RedFlag.objects.bulk_create(
        RedFlag(persona=persona, position=position, text=text, severity=severity)
        for position, (text, severity) in enumerate(demo["red_flags"])
    )
    services.refresh_completeness(persona)
    return persona
