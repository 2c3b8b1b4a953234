"""The demo's stories: what happened to each person of the cast (demo/people.py), visit by
visit, as a clinician would have written it.

Days count in the site's working days from the demo's run date (-3: three working days
ago, 0: today, 2: in two working days), times are the site's clock, inside its opening
hours (demo/__init__.py). Within a story the vital signs follow one another (a weight
that moves by a few hundred grams, a fever that the text and the thermometer agree on),
the reason names what the note is about, and the notes at the Libyan sites are in English.
demo/history.py plays them through the services, in the order written here.
"""

from __future__ import annotations

from caseflow.demo.events import (
    BOBIGNY,
    LAWYER,
    LEGAL,
    NURSE,
    Certify,
    Enrol,
    Move,
    Note,
    Refer,
    Step,
    Visit,
    legal,
    med,
    mh,
    protection,
    social,
)
from caseflow.disciplines import Discipline
from caseflow.models.appointment import AppointmentKind
from caseflow.models.referral import PartnerKind, Urgency
from caseflow.vocabulary import Confidentiality, NoteKind

STORIES: dict[str, list] = {
    # --- Pantin ---------------------------------------------------------------------------
    "diallo": [
        med(-20, "10:00", "amina", "Prurit depuis trois semaines, pire la nuit, comme les "
            "autres jeunes de sa chambre d'hôtel. Sillons interdigitaux, lésions de grattage "
            "aux poignets et à la ceinture, sans surinfection : gale. Pas de fièvre.",
            reason="Démangeaisons", weight=56.0, height=171, temp=36.8, pulse=74,
            conditions=["scabies"], treatment="Ivermectine 200 µg/kg à J1 et J8, perméthrine "
            "5 % ; linge et draps lavés à 60 °C ; contacts de la chambre traités."),
        social(-18, "14:30", "Hébergé par une association dans un hôtel social, chambre "
               "partagée avec trois jeunes. Lavage du linge organisé avec l'hôtel après le "
               "diagnostic de gale ; vêtements de rechange donnés.", "emergency_shelter",
               ["clothes"], "Vêtements de rechange, sac de couchage."),
        Step(-16, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        legal(-16, "11:00", "Refus de prise en charge notifié après l'évaluation de "
              "minorité. Recours devant le juge des enfants expliqué avec l'interprète en "
              "pular ; acte de naissance demandé à son oncle à Labé.", "recours"),
        med(-13, "10:30", "amina", "Deuxième prise d'ivermectine. Prurit nettement diminué, "
            "plus de nouvelles lésions ; quelques nodules au poignet, attendus. Pas de fièvre.",
            reason="Gale : deuxième prise (J8)", weight=56.2, temp=36.7, pulse=72,
            conditions=["scabies"], treatment="Ivermectine J8 ; émollient."),
        Step(-5, "lea", "recourse_filed", "Requête déposée au tribunal pour enfants."),
        Refer("amina", "Bilan de santé d'arrivée : sérologies VIH, VHB et VHC, radiographie "
              "pulmonaire, mise à jour des vaccinations.", Urgency.SOON,
              PartnerKind.HOSPITAL_PASS, "PASS de l'hôpital Avicenne, Bobigny",
              path=("sent",)),
        Visit(0, "10:00", "amina", "Contrôle de la gale à un mois."),
    ],
    "bah": [
        med(-34, "10:00", "amina", "Arrivée en France il y a trois semaines par l'Italie, "
            "après la Libye. Fatigue et céphalées le soir. Pas de toux, pas de fièvre. Examen "
            "normal en dehors d'une maigreur (IMC 18,6). Sérologies et radiographie pulmonaire "
            "proposées, acceptées.", reason="Bilan d'arrivée", weight=46.5, height=158,
            temp=36.8, bp=(104, 66), pulse=84, conditions=["other"],
            treatment="Paracétamol si céphalées."),
        social(-33, "14:00", "Hébergée chez une compatriote à Aubervilliers depuis la fin de "
               "la mise à l'abri, dans un salon, jusqu'à la fin du mois. Domiciliation faite ; "
               "demande d'AME déposée.", "other", ["domiciliation", "health_coverage"],
               "Hébergement stable ; carte de transport."),
        Step(-32, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        legal(-32, "11:00", "Le département a refusé sa prise en charge après l'évaluation. "
              "Recours expliqué avec l'interprète ; elle souhaite saisir le juge des enfants. "
              "Jugement supplétif demandé à sa mère, à Conakry.", "recours"),
        mh(-30, "10:30", "Première séance, avec l'interprète en pular par téléphone. Réveils "
           "nocturnes, reviviscences de la traversée ; évite de parler de la Libye. Se sent en "
           "sécurité au centre la journée. Pas d'idées suicidaires.", "psychotrauma",
           cgi_s=4),
        protection(-29, "15:00", "Entretien seule à seule, avec une interprète.",
                   {"risks": ["violence_in_transit"],
                    "child_protection": ["no_legal_representative", "age_disputed"],
                    "referred_to": ["legal_aid"]},
                   {"situation": "Violences subies en Libye pendant quatre mois d'attente ; "
                                 "dit ne plus être en contact avec le passeur.",
                    "safety_plan": "Passe ses journées au centre ; numéro du centre "
                                   "enregistré dans son téléphone."}),
        Step(-22, "lea", "recourse_filed", "Requête déposée au tribunal pour enfants."),
        legal(-22, "11:30", "Requête déposée avec l'avocate. Pièces : extrait d'acte de "
              "naissance, attestation de scolarité en Guinée.", "requête déposée"),
        med(-20, "10:00", "amina", "Sérologies VIH, VHB et VHC négatives ; radiographie "
            "pulmonaire normale. Céphalées moins fréquentes depuis qu'elle dort mieux. Pas de "
            "fièvre. Première dose du vaccin contre l'hépatite B.",
            reason="Résultats du bilan", weight=47.0, temp=36.6, pulse=80,
            conditions=["other"], treatment="Vaccin hépatite B (1re dose)."),
        mh(-18, "10:30", "Cauchemars deux à trois nuits par semaine. A commencé les cours de "
           "français de l'association. Exercices de stabilisation.", "psychotrauma"),
        Visit(-13, "10:30", "yasmine", "Séance hebdomadaire.", status="missed"),
        Note(-12, "14:00", "yasmine", NoteKind.PHONE_CALL, "Appel après la séance manquée "
             "d'hier : elle s'était trompée de jour. Séance reprogrammée."),
        Step(-10, "lea", "hearing_scheduled", "Audience fixée par le juge des enfants."),
        legal(-10, "16:00", "Convocation reçue. Préparation avec elle et l'avocate ; "
              "certificat médical et attestation psychologique demandés pour le dossier.",
              "audience", next_hearing=8),
        mh(-8, "10:30", "Dort mieux ; redoute l'audience. Préparation de ce qu'elle voudra "
           "dire au juge. Pas d'idées suicidaires.", "psychotrauma", cgi_i=3),
        med(-3, "10:00", "amina", "Examen à sa demande, avec l'interprète, pour le "
            "certificat du recours. Bon état général, poids en hausse. Céphalées rares. Pas "
            "de fièvre.", reason="Examen pour certificat (recours en minorité)",
            weight=47.8, height=158, temp=36.7, bp=(106, 68), pulse=78),
        mh(-2, "11:00", "Séance en vue de l'attestation demandée pour l'audience : symptômes "
           "de stress post-traumatique en amélioration, sommeil encore fragile.",
           "psychotrauma"),
        mh(-2, "11:45", "Note de travail : revoir avec l'équipe la question de l'hébergement "
           "avant l'audience.", "psychotrauma", level=Confidentiality.PRIVATE),
        Certify(),
        Visit(0, "11:00", "yasmine", "Séance hebdomadaire."),
        Visit(2, "10:00", "amina", "Deuxième dose du vaccin contre l'hépatite B."),
        Visit(8, "14:00", "lea", BOBIGNY + " Accompagnement par Léa.",
              AppointmentKind.HEARING),
    ],
    "camara": [
        mh(-45, "10:00", "Adressé par l'éducatrice : repli, dort peu, ne mange qu'une fois "
           "par jour depuis le refus de minorité. « Rien ne sert à rien », mais pas d'idées "
           "suicidaires. Suivi hebdomadaire proposé.", "depression", cgi_s=5),
        med(-44, "14:00", "amina", "Dit avoir maigri depuis l'été. Pas de toux, pas de "
            "fièvre, pas de diarrhée. Examen normal. Bilan sanguin prescrit ; suivi "
            "psychologique en cours.", reason="Amaigrissement, insomnie", weight=52.5,
            height=169, temp=36.7, pulse=70, conditions=["other"]),
        Step(-40, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        mh(-38, "10:00", "Un peu plus présent ; a accepté d'aller au football de "
           "l'association le mercredi.", "depression"),
        mh(-30, "10:00", "Mange deux fois par jour. Toujours triste le soir ; parle de sa "
           "sœur restée à Kindia.", "depression", cgi_i=3),
        med(-24, "14:30", "amina", "Bilan sanguin normal. Mange au centre et à l'hôtel, "
            "poids en légère hausse. Pas de fièvre.", reason="Contrôle du poids",
            weight=53.4, temp=36.6, pulse=68),
        Visit(-3, "10:00", "yasmine", "Séance hebdomadaire.", status="missed"),
        Visit(2, "10:00", "yasmine", "Séance reprogrammée après le rendez-vous manqué."),
    ],
    "traore": [
        med(-47, "10:30", "amina", "Aménorrhée d'environ dix semaines, nausées le matin. "
            "Test urinaire de grossesse positif. Dit que la grossesse fait suite à des "
            "violences en Libye ; souhaite la poursuivre. Pas de fièvre, pas de saignement.",
            reason="Retard de règles", weight=55.0, height=162, temp=36.8, bp=(110, 70),
            pulse=86, conditions=["pregnancy"],
            treatment="Acide folique ; orientation vers la maternité."),
        Refer("amina", "Grossesse d'environ dix semaines chez une mineure isolée : première "
              "échographie et bilan prénatal.", Urgency.SOON, PartnerKind.HOSPITAL_PASS,
              "Maternité de l'hôpital Delafontaine, Saint-Denis",
              path=("sent", "accepted", "completed"),
              outcome="Première consultation faite ; échographie du premier trimestre "
                      "normale.", answered=-40),
        social(-46, "14:00", "Hébergée par le 115 dans un hôtel à Bondy. Demande d'AME "
               "déposée en urgence (grossesse).", "emergency_shelter", ["health_coverage"]),
        Step(-45, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        legal(-45, "11:00", "Refus de prise en charge notifié. Recours expliqué en présence "
              "de l'interprète en bambara.", "recours"),
        med(-30, "10:30", "amina", "Grossesse d'environ treize semaines, suivie à la "
            "maternité de Delafontaine. Nausées disparues. Pas de fièvre, pas de "
            "contraction.", reason="Suivi de grossesse", weight=56.1, temp=36.7,
            bp=(108, 68), pulse=84, conditions=["pregnancy"]),
        social(-28, "14:00", "Hôtel à Bondy maintenu jusqu'à l'accouchement. Dossier ouvert "
               "à la PMI de Bondy.", "emergency_shelter", ["health_coverage", "transport"]),
        med(-10, "10:30", "amina", "Grossesse d'environ dix-sept semaines, premiers "
            "mouvements perçus. Fatigue. Pas de fièvre.", reason="Suivi de grossesse",
            weight=57.4, temp=36.8, bp=(112, 70), pulse=86, conditions=["pregnancy"]),
        Visit(5, "10:30", "amina", "Suivi de grossesse."),
    ],
    "keita": [
        med(-66, "10:00", "amina", "Douleur du genou gauche depuis un match de football il "
            "y a deux jours. Pas de gonflement, genou stable, marche normale. Pas de fièvre.",
            reason="Douleur du genou gauche", weight=61.0, height=175, temp=36.6, pulse=64,
            conditions=["wound_trauma"],
            treatment="Glace, repos sportif une semaine, paracétamol si besoin."),
        Step(-64, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        Step(-55, "lea", "recourse_filed", "Requête déposée au tribunal pour enfants."),
        legal(-55, "11:00", "Requête déposée. Son acte de naissance, légalisé par l'ambassade "
              "du Mali, est au dossier.", "requête déposée"),
        med(-45, "10:00", "amina", "Examen pour le certificat demandé par l'avocate. Bon "
            "état général. Genou gauche sans épanchement. Pas de fièvre.",
            reason="Examen pour certificat (recours en minorité)", weight=61.6, temp=36.7,
            pulse=66),
        med(-44, "10:30", "amina", "Revu pour le genou : douleur à la course qui persiste "
            "depuis sept semaines ; kinésithérapie prescrite, certificat corrigé. Pas de "
            "fièvre.", reason="Douleur du genou gauche", weight=61.6, temp=36.6, pulse=64,
            conditions=["wound_trauma"], treatment="Kinésithérapie, dix séances."),
        Certify(),
        Step(-40, "lea", "hearing_scheduled", "Audience fixée."),
        Visit(-6, "14:00", "lea", BOBIGNY, AppointmentKind.HEARING, status="attended"),
        Note(-6, "16:30", "lea", LEGAL, "Jugement : reconnu mineur et confié à l'aide "
             "sociale à l'enfance de Seine-Saint-Denis. Entrée en foyer à Montreuil la "
             "semaine prochaine.", {"procedure": "minority_recourse", "step": "jugement",
                                    "decision": "recognised_minor"}, {"lawyer": LAWYER}),
        # The file is closed by the decision: written after the last note.
        Step(-6, "lea", "recognised_minor", "Reconnu mineur ; confié à l'aide sociale à "
             "l'enfance."),
    ],
    "kone": [
        Step(-24, "lea", "evaluation_refused", "Refus de prise en charge notifié."),
        legal(-24, "11:00", "Refus de prise en charge après l'évaluation. Veut faire le "
              "recours ; a son extrait d'acte de naissance ivoirien.", "recours"),
        social(-20, "15:00", "Dort à la rue vers la porte de la Villette. Inscription au test "
               "de niveau scolaire (CASNAV) ; domiciliation faite.", "street",
               ["schooling", "domiciliation"], "Mise à l'abri, scolarité."),
        med(-15, "10:00", "amina", "Toux sèche et nez qui coule depuis quatre jours, pas de "
            "fièvre. Gorge un peu rouge, auscultation normale : rhinopharyngite.",
            reason="Toux", weight=63.2, height=176, temp=37.1, pulse=76,
            conditions=["respiratory_infection"],
            treatment="Lavages de nez, paracétamol si besoin."),
        Certify(),
        Step(-12, "lea", "recourse_filed", "Requête déposée au tribunal pour enfants."),
        Visit(0, "15:00", "lea", "Préparer les pièces pour l'avocate."),
    ],
    "ahmadzai": [
        med(-15, "11:00", "amina", "Douleurs du dos et des épaules depuis des coups reçus à "
            "une frontière il y a deux mois, dit-il. Cicatrices linéaires du dos compatibles "
            "avec son récit. Dort mal. Pas de fièvre.", reason="Douleurs dorsales",
            weight=58.0, height=172, temp=36.7, pulse=80,
            conditions=["violence_sequelae"],
            treatment="Paracétamol ; kinésithérapie à discuter."),
        Refer("amina", "Reviviscences et insomnie depuis les violences subies en chemin ; "
              "demande à parler à quelqu'un.", target=Discipline.MENTAL_HEALTH),
        protection(-12, "14:00", "Entretien seul à seul, avec un interprète en pachto.",
                   {"risks": ["violence_in_transit", "family_separation"],
                    "child_protection": ["no_legal_representative"],
                    "family_links": "rfl_opened", "referred_to": ["red_cross_family_links"]},
                   {"situation": "Frappé par des policiers à deux frontières des Balkans ; "
                                 "séparé de son cousin lors d'un refoulement.",
                    "sought_relatives": "Son cousin Naqibullah, vu pour la dernière fois à "
                                        "Velika Kladuša."}),
        Certify(),
        Visit(0, "14:00", "nadia", "Point sur la recherche de son cousin."),
    ],
    # --- Calais: the Rahimi family, Yonas and Selam ----------------------------------------
    "rahimi": [
        med(-8, "11:00", "hugo", "Brûlure hier soir en manipulant la marmite sur le feu du "
            "campement : deuxième degré superficiel du dos de la main gauche, environ 3 cm, "
            "phlyctène percée. Pas de fièvre.", kind=NURSE,
            reason="Brûlure de la main gauche", temp=36.9, pulse=78,
            conditions=["wound_trauma"],
            treatment="Nettoyage, pansement gras ; à refaire dans 48 h."),
        social(-7, "14:00", "Famille de quatre sous une tente dans un campement près de "
               "Calais, nuits froides. Mise à l'abri proposée au centre pour familles ; le "
               "père hésite, veut rester près de la côte. Couvertures et vêtements chauds "
               "pour les enfants.", "street", ["food", "clothes"],
               "Mise à l'abri de la famille, vêtements d'enfants."),
        Refer("hugo", "Famille avec deux enfants de 4 et 9 ans sous une tente, nuits "
              "froides : reprendre la mise à l'abri avec eux.", Urgency.URGENT,
              target=Discipline.SOCIAL),
        med(-6, "11:15", "hugo", "Plaie propre, pas de signe d'infection, début de "
            "cicatrisation sur les bords. Pas de fièvre.", kind=NURSE,
            reason="Pansement de la brûlure", temp=36.8, pulse=76,
            conditions=["wound_trauma"], treatment="Pansement gras."),
        med(-4, "10:45", "hugo", "Épidermisation aux deux tiers, douleur minime.",
            kind=NURSE, reason="Pansement de la brûlure", conditions=["wound_trauma"],
            treatment="Pansement gras."),
        Visit(0, "14:00", "hugo", "Pansement de la main gauche."),
        Visit(0, "15:30", "sara", "Reprendre la proposition de mise à l'abri avec la "
              "famille."),
    ],
    "hosseini": [
        med(-8, "11:30", "hugo", "Ampoules aux deux talons après plusieurs jours de marche, "
            "sans plaie infectée. Pas de fièvre.", kind=NURSE, reason="Douleurs des pieds",
            temp=36.6, pulse=74, conditions=["wound_trauma"],
            treatment="Pansements protecteurs ; chaussettes et chaussures données."),
        protection(-6, "15:00", "Entretien seule à seule, avec une interprète en dari.",
                   {"risks": ["violence_in_transit", "family_separation"],
                    "family_links": "rfl_opened", "referred_to": ["red_cross_family_links"]},
                   {"situation": "Séparée de son fils aîné lors d'un refoulement à la "
                                 "frontière turque ; sans nouvelles depuis quatre mois.",
                    "sought_relatives": "Son fils Hamid, 15 ans, vu pour la dernière fois "
                                        "à Van (Turquie)."}),
    ],
    "maryam": [
        med(-7, "10:30", "hugo", "Fièvre depuis deux jours selon sa mère, se tient l'oreille "
            "droite, pleure la nuit. 38,6 °C ; enfant tonique, boit bien. Orientée le jour "
            "même vers la PASS pour un examen médical.", kind=NURSE,
            reason="Fièvre et douleur d'oreille", weight=15.8, temp=38.6, pulse=128,
            conditions=["other"], treatment="Paracétamol 15 mg/kg, dose donnée sur place."),
        Refer("hugo", "Enfant de 4 ans, fièvre à 38,6 °C et douleur de l'oreille droite "
              "depuis deux jours : examen médical et traitement.", Urgency.URGENT,
              PartnerKind.HOSPITAL_PASS, "PASS du centre hospitalier de Calais",
              path=("sent", "completed"),
              outcome="Otite moyenne aiguë droite : amoxicilline pendant huit jours.",
              answered=-7),
        med(-5, "10:30", "hugo", "Vue à la PASS : otite traitée par amoxicilline, prises "
            "bien suivies. Plus de fièvre depuis hier (37,0 °C) ; joue, mange.", kind=NURSE,
            reason="Contrôle après l'otite", weight=15.9, temp=37.0, pulse=104,
            conditions=["other"]),
    ],
    "ali": [
        med(-7, "10:45", "hugo", "Toux grasse depuis une semaine, nuits au froid sous la "
            "tente. Pas de fièvre, respiration calme, pas de gêne.", kind=NURSE,
            reason="Toux", weight=26.5, temp=37.1, pulse=92,
            conditions=["respiratory_infection"],
            treatment="Boissons chaudes ; revoir dans une semaine, plus tôt si fièvre."),
        Visit(1, "11:00", "hugo", "Revoir la toux."),
    ],
    "haile": [
        med(-40, "11:00", "hugo", "Plaies infectées aux deux pieds après des semaines de "
            "marche dans des chaussures trop petites. Pas de fièvre (37,2 °C).", kind=NURSE,
            reason="Plaies des pieds", temp=37.2, pulse=88, conditions=["wound_trauma"],
            treatment="Nettoyage, pansements ; chaussures données ; revoir dans 48 h."),
        med(-38, "11:00", "hugo", "Plaies propres, moins rouges. Pas de fièvre.", kind=NURSE,
            reason="Pansement des pieds", temp=36.8, pulse=80, conditions=["wound_trauma"],
            treatment="Pansements."),
        Move(),
        Enrol(-20, "lea", "minority_recourse"),
        Step(-20, "lea", "evaluation_refused", "Évaluation de minorité refusée à Paris."),
        legal(-20, "11:00", "Arrivé de Calais ; dit avoir 16 ans. Son évaluation de minorité "
              "à Paris a été refusée la semaine dernière. Recours expliqué avec l'interprète "
              "en tigrinya.", "recours"),
        med(-15, "10:00", "amina", "Plaies des pieds cicatrisées. Pas de plainte. Pas de "
            "fièvre.", reason="Contrôle des pieds", weight=57.5, height=168, temp=36.6,
            pulse=70, conditions=["wound_trauma"]),
    ],
    "tesfaye": [
        social(-30, "14:00", "Arrivée seule, dort avec un groupe d'Érythréens près de la "
               "gare. Refuse la mise à l'abri pour ne pas perdre le groupe. Carte SIM donnée, "
               "numéro de la maraude noté.", "street", ["food", "phone"],
               "Mise à l'abri pour mineure."),
        protection(-29, "15:00", "Entretien seule à seule, avec une interprète en tigrinya.",
                   {"risks": ["trafficking_indicators", "exploitation"],
                    "child_protection": ["child_sleeping_rough", "no_legal_representative"],
                    "referred_to": ["child_welfare_services"]},
                   {"situation": "Doit de l'argent à un passeur pour la traversée ; un homme "
                                 "du groupe garde son téléphone.",
                    "safety_plan": "Passage quotidien à la clinique mobile ; information "
                                   "préoccupante transmise à la cellule départementale."}),
        med(-28, "11:00", "hugo", "Douleurs du bas-ventre depuis trois jours, pas de "
            "brûlures urinaires, pas de fièvre (36,9 °C). Orientée vers la PASS pour une "
            "consultation avec une femme médecin, à sa demande.", kind=NURSE,
            reason="Douleurs abdominales", temp=36.9, pulse=84, conditions=["other"]),
    ],
    # --- Marseille: a boy at the shelter ----------------------------------------------------
    "abdelrahman": [
        Step(-27, "claire", "staying", "Séjour confirmé."),
        med(-27, "10:30", "claire", "Douleur du poignet gauche depuis des coups reçus en "
            "Libye il y a quatre mois, jamais soignés. Déformation discrète, extension "
            "limitée. Pas de fièvre. Radiographie demandée.",
            reason="Douleur du poignet gauche", weight=55.5, height=170, temp=36.8,
            pulse=76, conditions=["fracture", "violence_sequelae"],
            treatment="Attelle de repos, paracétamol."),
        mh(-26, "14:00", "Dort peu, se réveille en criant ; évoque les coups reçus dans un "
           "entrepôt à Bani Walid. Très poli, tendu. Pas d'idées suicidaires. Séance "
           "hebdomadaire proposée.", "psychotrauma", cgi_s=5),
        mh(-20, "14:00", "Vient à l'heure ; dessine pendant la séance. Sommeil toujours "
           "haché.", "psychotrauma"),
        med(-14, "10:00", "claire", "Radiographie : fracture ancienne de l'extrémité "
            "distale du radius gauche, consolidée avec une légère bascule. Gêne pour porter. "
            "Pas de fièvre.", reason="Résultat de la radiographie du poignet", weight=56.0,
            temp=36.6, pulse=72, conditions=["fracture"]),
        Refer("claire", "Fracture ancienne du radius gauche consolidée en cal vicieux, gêne "
              "fonctionnelle : avis orthopédique.", partner=PartnerKind.HOSPITAL_PASS,
              partner_name="Consultation d'orthopédie, hôpital de la Timone",
              path=("sent",)),
        mh(-7, "14:00", "Moins de cauchemars ; a parlé pour la première fois de sa mère "
           "restée au Darfour.", "psychotrauma", cgi_i=3),
        Visit(0, "10:30", "claire", "Douleur du poignet ; réponse de l'orthopédie."),
        Visit(1, "14:00", "yasmine", "Séance hebdomadaire."),
    ],
    # --- Tripoli: a man treated for TB, a pregnant woman (English) --------------------------
    "gebremedhin": [
        med(-50, "09:30", "charlie", "Productive cough for five weeks, night sweats, weight "
            "loss (his clothes are loose). Evening fevers; 38.2 °C today. Released from "
            "detention two months ago. Sputum sent for Xpert MTB/RIF; chest X-ray requested.",
            reason="Cough for five weeks", weight=49.5, height=174, temp=38.2, bp=(112, 72),
            pulse=102, conditions=["tb_suspected"],
            treatment="Paracetamol; mask; sputum sample collected."),
        Refer("charlie", "Suspected pulmonary TB (cough for five weeks, night sweats, weight "
              "loss, fever): Xpert MTB/RIF and chest X-ray.", Urgency.URGENT,
              PartnerKind.OTHER, "National TB Programme clinic, Tripoli",
              path=("sent", "completed"), answered=-47,
              outcome="Xpert MTB/RIF: MTB detected, rifampicin resistance not detected."),
        med(-47, "10:00", "charlie", "Xpert positive, rifampicin sensitive; chest X-ray: "
            "right upper lobe cavity. Explained the disease and six months of treatment with "
            "the Tigrinya interpreter. Started 2HRZE, doses observed daily at the shelter. "
            "Still febrile, 38.0 °C.", reason="TB confirmed: start of treatment",
            weight=49.3, temp=38.0, pulse=98, conditions=["tb_confirmed"],
            treatment="HRZE fixed-dose combination, 3 tablets daily (40-54 kg); "
                      "pyridoxine."),
        Enrol(-47, "charlie", "tb_treatment"),
        Certify(),  # the medical report for the chest unit (demo/certificates.py)
        med(-37, "09:30", "charlie", "Doses taken daily under observation. Cough less "
            "frequent, no more night sweats. Afebrile. Mild nausea, now takes the tablets "
            "with food.", reason="TB follow-up, week 2", weight=50.4, temp=37.1, pulse=88,
            conditions=["tb_confirmed"], treatment="HRZE continued."),
        med(-27, "09:30", "charlie", "Eating well, gaining weight; occasional cough. "
            "Afebrile. No jaundice, no visual complaint.", reason="TB follow-up, week 4",
            weight=51.8, temp=36.8, pulse=80, conditions=["tb_confirmed"],
            treatment="HRZE continued."),
        Visit(-12, "10:00", "charlie", "TB review, week 7.", status="missed"),
        med(-11, "11:00", "charlie", "Missed yesterday's review: the road from the workshop "
            "where he sleeps was closed. Shelter staff confirm every dose was observed. "
            "Afebrile; cough only in the morning.", reason="TB review (missed yesterday)",
            weight=53.0, temp=36.7, pulse=78, conditions=["tb_confirmed"],
            treatment="HRZE continued."),
        med(-5, "10:00", "charlie", "Two months of treatment completed. Control sputum "
            "collected for smear microscopy. No cough at night. Afebrile.",
            reason="End of intensive phase: sputum control", weight=53.6, temp=36.6,
            pulse=76, conditions=["tb_confirmed"],
            treatment="Continue HRZE until the result, then HR."),
        Visit(0, "10:00", "charlie", "Month-2 sputum result; continuation phase (HR) if "
              "negative."),
    ],
    "okafor": [
        med(-30, "10:00", "charlie", "About 20 weeks pregnant by her last period. No "
            "bleeding, no pain, feels the baby move. Afebrile. Rapid tests: HIV and syphilis "
            "negative; haemoglobin 10.2 g/dL.", reason="Antenatal visit", weight=61.0,
            height=163, temp=36.8, bp=(112, 70), pulse=88, conditions=["pregnancy"],
            treatment="Iron and folic acid."),
        med(-10, "10:00", "charlie", "About 24 weeks. Fundal height 24 cm, fetal heart "
            "heard. Tired, sleeps on a thin mattress. Afebrile.",
            reason="Antenatal visit", weight=62.8, temp=36.7, bp=(114, 72), pulse=86,
            conditions=["pregnancy"], treatment="Iron and folic acid continued."),
        Visit(1, "10:00", "charlie", "Antenatal visit."),
    ],
}
# The certificates of the stories (demo/certificates.py): whose, and the day of the
# examination they certify (a day with a consultation above).
CERTIFIED = {"bah": (-3, -2), "keita": (-45, -44), "kone": (-15,), "ahmadzai": (-15,),
             "gebremedhin": (-47,)}
