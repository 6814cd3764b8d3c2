"""Words the demo organisation is made of: names, places, streets and banks.

Everything here is fictitious or public reference data (postcodes, bank codes and BICs
of real banks, used with invented account numbers).
"""

from __future__ import annotations

FIRST_NAMES_M = (
    "Thomas", "Nicolas", "Julien", "Maxime", "Alexandre", "Antoine", "Kevin", "Romain",
    "Hugo", "Lucas", "Mathieu", "Guillaume", "Pierre", "Sébastien", "Yann", "Karim",
    "Mehdi", "Florian", "Adrien", "Baptiste", "Damien", "Olivier", "Raphaël", "Théo",
)
FIRST_NAMES_F = (
    "Claire", "Camille", "Julie", "Sarah", "Laura", "Marie", "Émilie", "Pauline",
    "Nathalie", "Isabelle", "Sophie", "Céline", "Manon", "Léa", "Chloé", "Inès",
    "Amandine", "Aurélie", "Élodie", "Mélanie", "Nadia", "Lucie", "Anaïs", "Justine",
)
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
    "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
    "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez",
    "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
    "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
    "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand", "Dufour", "Blanchard",
    "Giraud", "Brun", "Gaillard", "Barbier", "Arnaud", "Benali", "Haddad", "Rey",
)

# (postcode, commune, département for the NIR)
FRENCH_PLACES = (
    ("69001", "Lyon", "69"), ("69002", "Lyon", "69"), ("69003", "Lyon", "69"),
    ("69004", "Lyon", "69"), ("69006", "Lyon", "69"), ("69007", "Lyon", "69"),
    ("69008", "Lyon", "69"), ("69009", "Lyon", "69"), ("69100", "Villeurbanne", "69"),
    ("69200", "Vénissieux", "69"), ("69500", "Bron", "69"), ("69800", "Saint-Priest", "69"),
    ("69400", "Villefranche-sur-Saône", "69"), ("69130", "Écully", "69"),
    ("69300", "Caluire-et-Cuire", "69"), ("01000", "Bourg-en-Bresse", "01"),
    ("01100", "Oyonnax", "01"), ("38000", "Grenoble", "38"), ("38200", "Vienne", "38"),
    ("42000", "Saint-Étienne", "42"), ("42300", "Roanne", "42"), ("73000", "Chambéry", "73"),
    ("74000", "Annecy", "74"), ("26000", "Valence", "26"), ("71000", "Mâcon", "71"),
    ("63000", "Clermont-Ferrand", "63"), ("21000", "Dijon", "21"), ("13006", "Marseille", "13"),
    ("75011", "Paris", "75"), ("20000", "Ajaccio", "2A"), ("20200", "Bastia", "2B"),
)

STREETS = (
    "rue de la République", "avenue Jean Jaurès", "cours Lafayette", "rue Garibaldi",
    "quai Perrache", "boulevard des Belges", "rue Paul Bert", "rue Servient",
    "avenue Berthelot", "rue Duguesclin", "rue Victor Hugo", "rue Mercière",
    "avenue des Frères Lumière", "rue de Marseille", "rue Moncey", "rue Bossuet",
    "place Bellecour", "rue du Président Édouard Herriot", "avenue Félix Faure",
    "rue de Créqui", "rue Chevreul", "boulevard de la Croix-Rousse", "rue Saint-Jean",
    "chemin des Pierres", "route de Genas", "avenue Roger Salengro", "rue Pasteur",
    "allée des Tilleuls", "impasse des Vergers", "rue de l'Industrie",
)

# Trades of the customers: (prefix of the name, what they buy)
CUSTOMER_TRADES = (
    "Boulangerie", "Brasserie", "Restaurant", "Hôtel", "Supérette", "Pharmacie",
    "Fromagerie", "Traiteur", "Boucherie", "Pâtisserie", "Café", "Caviste", "Primeur",
    "Glacier", "Bistrot", "Épicerie fine", "Crèmerie", "Salon de thé",
)
CUSTOMER_SIGNS = (
    "des Terreaux", "du Parc", "de la Croix-Rousse", "des Brotteaux", "du Vieux Lyon",
    "Saint-Paul", "de la Part-Dieu", "des Canuts", "du Confluent", "Bellecour",
    "des Halles", "de la Guillotière", "du Tonkin", "de Fourvière", "des Pentes",
)
ASSOCIATIONS = (
    "Association Les Restos du Plateau", "Théâtre associatif La Fabrique",
    "Banque alimentaire du Rhône (antenne Est)", "Club sportif de Gerland",
)
ADMINISTRATIONS = (
    "Mairie de Caluire-et-Cuire", "Lycée hôtelier François-Rabelais",
    "Communauté de communes du Val de Saône", "Centre hospitalier de Vienne",
)

# (ISO code, [(postcode, city)], company name stems, e-mail TLD)
FOREIGN_PLACES = {
    "DE": ((("10115", "Berlin"), ("80331", "München"), ("50667", "Köln")),
           ("Kühltechnik", "Gastro-Service", "Lichtwerk"), "de", "GmbH"),
    "BE": ((("1000", "Bruxelles"), ("4000", "Liège"), ("9000", "Gent")),
           ("Froid Service", "Horeca Équipement", "Lumière"), "be", "SRL"),
    "IT": ((("20121", "Milano"), ("10121", "Torino"), ("40121", "Bologna")),
           ("Refrigerazione", "Illuminazione", "Cucine Professionali"), "it", "S.r.l."),
    "ES": ((("08001", "Barcelona"), ("28001", "Madrid"), ("46001", "Valencia")),
           ("Frío Industrial", "Hostelería", "Iluminación"), "es", "S.L."),
    "NL": ((("1012 AB", "Amsterdam"), ("3011 AD", "Rotterdam")),
           ("Koeltechniek", "Horeca Groothandel", "Verlichting"), "nl", "B.V."),
    "LU": ((("L-1111", "Luxembourg"), ("L-4002", "Esch-sur-Alzette")),
           ("Froid", "Équipement Horeca"), "lu", "SARL"),
    "PT": ((("1100-148", "Lisboa"), ("4000-322", "Porto")),
           ("Frio", "Equipamentos Hoteleiros"), "pt", "Lda."),
    "AT": ((("1010", "Wien"), ("5020", "Salzburg")),
           ("Kältetechnik", "Gastrobedarf"), "at", "GmbH"),
    "CH": ((("1201", "Genève"), ("8001", "Zürich"), ("1003", "Lausanne")),
           ("Froid Léman", "Gastro-Technik", "Lumière"), "ch", "SA"),
    "GB": ((("EC1A 1BB", "London"), ("M1 1AE", "Manchester")),
           ("Refrigeration", "Catering Supplies", "Lighting"), "co.uk", "Ltd"),
    "US": ((("10001", "New York"), ("60601", "Chicago")),
           ("Refrigeration", "Lighting Supply"), "com", "Inc."),
    "MA": ((("20000", "Casablanca"), ("40000", "Marrakech")),
           ("Froid Atlas", "Hôtellerie Équipement"), "ma", "SARL"),
    "CN": ((("518000", "Shenzhen"), ("315000", "Ningbo")),
           ("Lighting Technology", "Compressor Manufacturing"), "cn", "Co., Ltd."),
}

FOREIGN_SURNAMES = {
    "DE": ("Schneider", "Fischer", "Weber"), "BE": ("Peeters", "Janssens", "Dubois"),
    "IT": ("Rossi", "Bianchi", "Ferrari"), "ES": ("García", "Fernández", "López"),
    "NL": ("de Jong", "Jansen", "Visser"), "LU": ("Schmit", "Weber"),
    "PT": ("Silva", "Santos"), "AT": ("Gruber", "Huber"),
    "CH": ("Favre", "Keller", "Meier"), "GB": ("Smith", "Taylor"),
    "US": ("Johnson", "Miller"), "MA": ("Alaoui", "Bennani"), "CN": ("Wang", "Li"),
}

PHONE_PREFIX = {
    "FR": "+33", "DE": "+49", "BE": "+32", "IT": "+39", "ES": "+34", "NL": "+31",
    "LU": "+352", "PT": "+351", "AT": "+43", "CH": "+41", "GB": "+44", "US": "+1",
    "MA": "+212", "CN": "+86",
}

# Real banks, by country: (bank and branch code as schwifty wants it, BIC, account length)
BANKS = {
    "FR": (("3000400825", "BNPAFRPP", 11), ("3000302450", "SOGEFRPP", 11),
           ("3000201863", "CRLYFRPP", 11), ("2004101007", "PSSTFRPP", 11),
           ("3006610491", "CMCIFRPP", 11)),
    "DE": (("37040044", "COBADEFFXXX", 10), ("10070000", "DEUTDEBBXXX", 10)),
    "IT": (("0306909606", "BCITITMM", 12),),
    "ES": (("21000418", "CAIXESBB", 10),),
    "BE": (("001", "GEBABEBB", 7),),
    "NL": (("ABNA", "ABNANL2A", 10),),
    "LU": (("001", "BCEELULL", 13),),
    "PT": (("00350001", "CGDIPTPL", 11),),
    "AT": (("12000", "BKAUATWW", 11),),
    "CH": (("00762", "UBSWCHZH80A", 12),),
    "GB": (("NWBK601613", "NWBKGB2L", 8),),
}

FOREIGN_STREETS = {
    "DE": "Hauptstraße", "AT": "Mariahilfer Straße", "CH": "rue du Rhône", "BE": "rue Neuve",
    "IT": "Via Roma", "ES": "Calle Mayor", "NL": "Damstraat", "LU": "Grand-Rue",
    "PT": "Rua Augusta", "GB": "High Street", "US": "Main Street",
    "MA": "boulevard Mohammed V", "CN": "Industrial Park Road",
}
