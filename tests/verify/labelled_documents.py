"""The two invented documents of the labelled fixtures (tests/verify/labelled_items.py), and the sentences the
fixtures cite, exactly as the documents hold them."""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------------------------
# The documents. Typography is deliberate: a bold number, curly quotes and apostrophe, an en dash, an em dash, a
# non-breaking space and a hard line break inside a sentence, so quotes that differ only in typography can be tested.
# --------------------------------------------------------------------------------------------------------------------

KESSEL = """# The Exoplanet Kessel-4b

Kessel-4b is a rocky planet that circles the orange dwarf star Kessel-4, about 112 light-years from the Sun. It was found in 2019 by the Kessel Ridge Station, a small observatory run by the University of Tarrow. Kessel-4b completes one orbit every **1.88 years**, which makes it the slowest of the three known planets in the system. Its radius is 1.4 times that of the Earth, and its mass is close to 3.1 Earth masses.

## How the Orbital Period Was Measured

The Kessel Ridge Station timed 41 transits of Kessel-4b between 2019 and 2023. Each transit dims the star by 0.6 percent for just under nine hours. The team used two instruments: the Harrow photometer recorded the dip in brightness, and the Lune spectrograph measured the wobble of the star. Both instruments gave the same period to within four hours. Because the orbit is nearly circular, the transits arrive at almost exactly equal intervals.

Observations From the Kessel Ridge Station

Kessel-4b receives about 40 percent as much starlight as the Earth gets from the Sun. Astronomers estimate an average surface temperature of minus 38 degrees Celsius, too cold for liquid water. The lead observer, Tomas Verhey, called the planet \u201ca cold cousin of the Earth\u201d in his first report. Verhey later discovered a faint dust ring around Kessel-4, at roughly twice the distance of Kessel-4b. The ring was confirmed in 2022 by a second team working at the Skarn Observatory.

## Kepler's Third Law Applied to Kessel-4

Kepler's third law states that the square of a planet's orbital period equals the cube of its mean distance from the star, once the mass of the star is taken into account. Applied to Kessel-4b, the third law gives a mean distance of 1.25 astronomical units. The inner planet, Kessel-4a, orbits every 0.41 years at 0.45 astronomical units. The period of Kessel-4b was published in 2021, two years after the planet was discovered in 2019.
"""

GLACIER = """# The Varnholt Glacier

The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin. It is 14 kilometres long and, at its thickest point, 310\u00a0metres deep. Surveyors from the Orrin Institute have measured the position of its front every autumn since 1961.

## Seasonal Melt Rates at the Glacier Front

In summer the front retreats by about 2.4 metres per week, while in winter it barely moves. Meltwater that reaches the bed of the glacier acts as a lubricant,
so the ice slides faster over the bedrock in July and August. Between 1961 and 2020 the front retreated by **31 metres a year** on average. The survey of 1998\u20132004 recorded the fastest retreat in the Institute\u2019s records. Local guides call the blue ice at the front \u201cold ice\u201d, because it fell as snow around four centuries ago.

The Orrin Hut and the Winter Route

The Orrin Hut stands 600 metres from the glacier front \u2014 close enough to hear the ice crack at night. It sleeps twelve people and is staffed by a warden from June to September. Between December and March the hut can only be reached on skis across frozen Lake Orrin. The section of the winter route that crosses the lake is 5 kilometres long and is marked with red poles. The hut was rebuilt in 1987 after an avalanche destroyed the first building.
"""

DOCUMENTS = {"kessel-4b.md": KESSEL, "varnholt-glacier.md": GLACIER}

# Sentences exactly as the documents hold them (a test checks each one is there).
K_FOUND = "It was found in 2019 by the Kessel Ridge Station, a small observatory run by the University of Tarrow."
K_SUN = "Kessel-4b is a rocky planet that circles the orange dwarf star Kessel-4, about 112 light-years from the Sun."
K_ORBIT = "Kessel-4b completes one orbit every **1.88 years**, which makes it the slowest of the three known planets in the system."
K_TIMED = "The Kessel Ridge Station timed 41 transits of Kessel-4b between 2019 and 2023."
K_DIMS = "Each transit dims the star by 0.6 percent for just under nine hours."
K_INSTRUMENTS = ("The team used two instruments: the Harrow photometer recorded the dip in brightness, "
                 "and the Lune spectrograph measured the wobble of the star.")
K_BOTH = "Both instruments gave the same period to within four hours."
K_CIRCULAR = "Because the orbit is nearly circular, the transits arrive at almost exactly equal intervals."
K_STARLIGHT = "Kessel-4b receives about 40 percent as much starlight as the Earth gets from the Sun."
K_TEMPERATURE = "Astronomers estimate an average surface temperature of minus 38 degrees Celsius, too cold for liquid water."
K_COUSIN = "The lead observer, Tomas Verhey, called the planet \u201ca cold cousin of the Earth\u201d in his first report."
K_RING = "Verhey later discovered a faint dust ring around Kessel-4, at roughly twice the distance of Kessel-4b."
K_RADIUS = "Its radius is 1.4 times that of the Earth, and its mass is close to 3.1 Earth masses."
K_CONFIRMED = "The ring was confirmed in 2022 by a second team working at the Skarn Observatory."
K_LAW = ("Kepler's third law states that the square of a planet's orbital period equals the cube of its mean distance "
         "from the star, once the mass of the star is taken into account.")
K_DISTANCE = "Applied to Kessel-4b, the third law gives a mean distance of 1.25 astronomical units."
K_PUBLISHED = "The period of Kessel-4b was published in 2021, two years after the planet was discovered in 2019."
K_HEADING = "## How the Orbital Period Was Measured"
K_HEADING_LAW = "## Kepler's Third Law Applied to Kessel-4"
K_TITLE_LINE = "Observations From the Kessel Ridge Station"  # a title line on its own, no final punctuation

G_FLOWS = "The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin."
G_SIZE = "It is 14 kilometres long and, at its thickest point, 310\u00a0metres deep."
G_SINCE = "Surveyors from the Orrin Institute have measured the position of its front every autumn since 1961."
G_SUMMER = "In summer the front retreats by about 2.4 metres per week, while in winter it barely moves."
G_MELTWATER = ("Meltwater that reaches the bed of the glacier acts as a lubricant,\n"
               "so the ice slides faster over the bedrock in July and August.")
G_BOLD = "Between 1961 and 2020 the front retreated by **31 metres a year** on average."
G_SURVEY = "The survey of 1998\u20132004 recorded the fastest retreat in the Institute\u2019s records."
G_OLD_ICE = "Local guides call the blue ice at the front \u201cold ice\u201d, because it fell as snow around four centuries ago."
G_HEADING = "## Seasonal Melt Rates at the Glacier Front"
G_HUT = "The Orrin Hut stands 600 metres from the glacier front \u2014 close enough to hear the ice crack at night."
G_SLEEPS = "It sleeps twelve people and is staffed by a warden from June to September."
G_SKIS = "Between December and March the hut can only be reached on skis across frozen Lake Orrin."
G_SECTION = "The section of the winter route that crosses the lake is 5 kilometres long and is marked with red poles."
G_REBUILT = "The hut was rebuilt in 1987 after an avalanche destroyed the first building."
