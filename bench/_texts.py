"""The words of the benchmark's executive summaries, in the six languages.

Written for the benchmark in the register of real IRM executive summaries (chapters II and V of
UNCAC, second cycle): a few paragraphs per language, reused across articles and reviews. Only
``{state}`` is replaced, by the State's name in that language; other languages than English keep
the name in an apposition so that no article or case ending is needed around it.

Keys: ``introduction``, ``legal_framework`` (lists of paragraphs), ``narrative`` (per chapter
number, a list of paragraphs), and per finding kind a list of variants.
"""

TEXTS = {
    "en": {
        "introduction": [
            "The review of {state} was carried out in the second cycle of the Implementation Review Mechanism of "
            "the United Nations Convention against Corruption, which covers chapter II (Preventive measures) and "
            "chapter V (Asset recovery) of the Convention. The reviewing experts examined the responses of {state} "
            "to the comprehensive self-assessment checklist, together with the legislation, statistics and examples "
            "of cases provided by the national authorities, and held an active dialogue with the focal point and "
            "the competent institutions.",
            "A country visit took place with the agreement of {state}. During the visit the reviewing experts met "
            "representatives of the anti-corruption body, the ministries of justice, finance and public "
            "administration, the public procurement authority, the financial intelligence unit, the prosecution "
            "service, the judiciary and the supreme audit institution, as well as representatives of civil "
            "society, academia and the private sector. The present executive summary reflects the findings agreed "
            "with the State under review.",
        ],
        "legal_framework": [
            "{state} signed the Convention and deposited its instrument of ratification in accordance with its "
            "constitutional procedures. Under the Constitution, duly ratified international treaties form part of "
            "the domestic legal order and prevail over ordinary legislation in the event of conflict; several "
            "provisions of the Convention are nevertheless implemented through specific legislation, in particular "
            "the anti-corruption law, the criminal code, the code of criminal procedure, the law on the prevention "
            "of money-laundering and the financing of terrorism and the law on public procurement.",
            "The institutional framework comprises a specialized anti-corruption body with preventive and "
            "coordination functions, the public prosecution service, the financial intelligence unit, the supreme "
            "audit institution and the judiciary. Coordination among these institutions is ensured through an "
            "inter-agency committee chaired by the ministry of justice, which also monitors the implementation of "
            "the national anti-corruption strategy and reports annually to parliament.",
        ],
        "narrative": {
            "II": [
                "Chapter II of the Convention requires States parties to develop and implement effective, "
                "coordinated anti-corruption policies, to establish bodies that prevent corruption and to adopt "
                "measures in the public sector, in public procurement and the management of public finances, in "
                "the judiciary and the prosecution service, and in the private sector, as well as measures to "
                "involve society and to prevent money-laundering.",
                "{state} has adopted a national anti-corruption strategy and action plan developed through broad "
                "consultation, including with civil society. Progress in implementing the plan is monitored through "
                "indicators, and the results of the evaluations are published. The reviewing experts noted the "
                "efforts made to strengthen transparency in public administration and to make the management of "
                "public finances more accountable, while identifying areas in which the legal and institutional "
                "framework could be further developed.",
            ],
            "V": [
                "Chapter V of the Convention establishes the return of assets as a fundamental principle and "
                "requires States parties to afford one another the widest measure of cooperation and assistance in "
                "this regard, including the prevention and detection of transfers of proceeds of crime, measures "
                "for the direct recovery of property, mechanisms for the recovery of property through international "
                "cooperation in confiscation, and the return and disposal of assets.",
                "In {state}, asset recovery is governed by the code of criminal procedure, the law on mutual legal "
                "assistance in criminal matters and the law on the prevention of money-laundering. The central "
                "authority for mutual legal assistance is located in the ministry of justice. The national "
                "authorities provided statistics on requests sent and received and on assets frozen, seized and "
                "confiscated, as well as examples of cases in which assets were returned to requesting States.",
            ],
        },
        "good_practice": [
            "The adoption of a comprehensive legal framework, accompanied by detailed implementing regulations and "
            "guidelines that are published online and regularly updated in consultation with the institutions "
            "concerned, civil society and the private sector.",
            "The close cooperation between the anti-corruption body, the financial intelligence unit and the "
            "prosecution service, including through joint training, secure channels for the exchange of "
            "information and a shared case-management system, which has led to a measurable increase in the "
            "number of cases detected and prosecuted.",
            "The publication, on a dedicated and user-friendly portal, of comprehensive statistics and annual "
            "reports, allowing the public, the media and civil society organizations to follow the implementation "
            "of the measures adopted and to contribute to their evaluation.",
            "The systematic use of risk assessments to identify the sectors and positions most vulnerable to "
            "corruption, and the targeting of preventive measures, training and audits on the basis of those "
            "assessments.",
        ],
        "challenge": [
            "The implementing regulations foreseen by the law have not all been adopted, and the competent "
            "authorities reported that the absence of clear procedures hampers the consistent application of the "
            "provisions in practice.",
            "The human, technical and financial resources available to the institutions concerned appear "
            "insufficient in view of their broad mandate, and staff turnover is high; the reviewing experts noted "
            "in particular the lack of specialized training for newly recruited officials.",
            "Statistics on the implementation of the provision are not collected in a systematic and comparable "
            "manner across institutions, which makes it difficult to assess the effectiveness of the measures "
            "adopted and to identify trends.",
            "Coordination among the various institutions with competence in this area could be strengthened, as "
            "overlapping mandates and the absence of formal mechanisms for the exchange of information may lead to "
            "delays and duplication of efforts.",
        ],
        "recommendation": [
            "Adopt the outstanding implementing regulations without delay and ensure that the procedures they "
            "establish are clear, accessible and applied consistently by all the institutions concerned.",
            "Provide the competent institutions with adequate human, technical and financial resources, and develop "
            "a programme of regular specialized training for their staff, including on the investigation of "
            "complex cases and the use of financial information.",
            "Establish a system for the collection and analysis of comparable statistics on the implementation of "
            "the provision, and use the results to evaluate periodically the effectiveness of the measures adopted "
            "and to inform policy decisions.",
            "Consider formalizing the coordination among the institutions concerned, for example through "
            "memorandums of understanding, joint working groups and secure channels for the exchange of "
            "information, in order to avoid duplication and ensure timely action.",
        ],
        "ta_need": [
            "Capacity-building for the staff of the institutions concerned, including training of trainers and the "
            "exchange of good practices with other States parties.",
            "Assistance in developing an integrated electronic system for the collection, analysis and publication "
            "of data and statistics.",
            "Legal advice on the drafting of amendments to the legislation and of the corresponding implementing "
            "regulations.",
        ],
    },
    "fr": {
        "introduction": [
            "L'examen de l'État partie ({state}) a été mené au cours du deuxième cycle du Mécanisme d'examen de "
            "l'application de la Convention des Nations Unies contre la corruption, qui porte sur le chapitre II "
            "(Mesures préventives) et le chapitre V (Recouvrement d'avoirs) de la Convention. Les experts "
            "examinateurs ont analysé les réponses à la liste de contrôle détaillée pour l'auto-évaluation, ainsi "
            "que la législation, les statistiques et les exemples d'affaires communiqués par les autorités "
            "nationales, et ont mené un dialogue constructif avec le point de contact et les institutions "
            "compétentes.",
            "Une visite de pays a eu lieu avec l'accord de l'État partie examiné. Au cours de cette visite, les "
            "experts examinateurs ont rencontré des représentants de l'organe de lutte contre la corruption, des "
            "ministères de la justice, des finances et de la fonction publique, de l'autorité chargée des marchés "
            "publics, de la cellule de renseignement financier, du ministère public, de la magistrature et de "
            "l'institution supérieure de contrôle des finances publiques, ainsi que des représentants de la société "
            "civile, des milieux universitaires et du secteur privé. Le présent résumé analytique reflète les "
            "conclusions convenues avec l'État partie examiné.",
        ],
        "legal_framework": [
            "L'État partie a signé la Convention et déposé son instrument de ratification conformément à ses "
            "procédures constitutionnelles. En vertu de la Constitution, les traités internationaux dûment ratifiés "
            "font partie de l'ordre juridique interne et priment la législation ordinaire en cas de conflit ; "
            "plusieurs dispositions de la Convention sont néanmoins mises en œuvre par une législation spécifique, "
            "notamment la loi anticorruption, le Code pénal, le Code de procédure pénale, la loi relative à la "
            "prévention du blanchiment d'argent et du financement du terrorisme et la loi sur les marchés publics.",
            "Le cadre institutionnel comprend un organe spécialisé de lutte contre la corruption doté de fonctions "
            "de prévention et de coordination, le ministère public, la cellule de renseignement financier, "
            "l'institution supérieure de contrôle des finances publiques et l'autorité judiciaire. La coordination "
            "entre ces institutions est assurée par un comité interinstitutions présidé par le ministère de la "
            "justice, qui suit également la mise en œuvre de la stratégie nationale de lutte contre la corruption "
            "et fait rapport chaque année au parlement.",
        ],
        "narrative": {
            "II": [
                "Le chapitre II de la Convention impose aux États parties d'élaborer et d'appliquer des politiques "
                "de prévention de la corruption efficaces et coordonnées, de créer des organes chargés de prévenir "
                "la corruption et d'adopter des mesures concernant le secteur public, la passation des marchés "
                "publics et la gestion des finances publiques, le système judiciaire et les services de poursuite "
                "ainsi que le secteur privé, de même que des mesures visant à faire participer la société et à "
                "prévenir le blanchiment d'argent.",
                "L'État partie ({state}) a adopté une stratégie nationale de lutte contre la corruption et un plan "
                "d'action élaborés à l'issue d'une large consultation, y compris avec la société civile. Les progrès "
                "de la mise en œuvre du plan sont suivis au moyen d'indicateurs et les résultats des évaluations "
                "sont publiés. Les experts examinateurs ont pris note des efforts déployés pour renforcer la "
                "transparence de l'administration publique et la responsabilité dans la gestion des finances "
                "publiques, tout en relevant des domaines dans lesquels le cadre juridique et institutionnel "
                "pourrait être développé davantage.",
            ],
            "V": [
                "Le chapitre V de la Convention fait de la restitution des avoirs un principe fondamental et impose "
                "aux États parties de s'accorder mutuellement la coopération et l'assistance la plus étendue à cet "
                "égard, y compris pour la prévention et la détection des transferts du produit du crime, le "
                "recouvrement direct de biens, les mécanismes de recouvrement de biens par la coopération "
                "internationale aux fins de confiscation, ainsi que la restitution et la disposition des avoirs.",
                "Dans l'État partie ({state}), le recouvrement d'avoirs est régi par le Code de procédure pénale, la "
                "loi sur l'entraide judiciaire en matière pénale et la loi relative à la prévention du blanchiment "
                "d'argent. L'autorité centrale chargée de l'entraide judiciaire relève du ministère de la justice. "
                "Les autorités nationales ont fourni des statistiques sur les demandes envoyées et reçues et sur les "
                "avoirs gelés, saisis et confisqués, ainsi que des exemples d'affaires dans lesquelles des avoirs "
                "ont été restitués aux États requérants.",
            ],
        },
        "good_practice": [
            "L'adoption d'un cadre juridique complet, accompagné de règlements d'application et de lignes "
            "directrices détaillés, publiés en ligne et régulièrement mis à jour en consultation avec les "
            "institutions concernées, la société civile et le secteur privé.",
            "L'étroite coopération entre l'organe de lutte contre la corruption, la cellule de renseignement "
            "financier et le ministère public, notamment au moyen de formations communes, de canaux sécurisés "
            "d'échange d'informations et d'un système partagé de gestion des affaires, qui a permis une "
            "augmentation mesurable du nombre d'affaires détectées et poursuivies.",
            "La publication, sur un portail dédié et facile d'utilisation, de statistiques complètes et de rapports "
            "annuels, qui permet au public, aux médias et aux organisations de la société civile de suivre la mise "
            "en œuvre des mesures adoptées et de contribuer à leur évaluation.",
            "Le recours systématique à des évaluations des risques pour déterminer les secteurs et les postes les "
            "plus exposés à la corruption, et le ciblage des mesures de prévention, des formations et des audits "
            "sur la base de ces évaluations.",
        ],
        "challenge": [
            "Les règlements d'application prévus par la loi n'ont pas tous été adoptés, et les autorités "
            "compétentes ont indiqué que l'absence de procédures claires entrave l'application cohérente des "
            "dispositions dans la pratique.",
            "Les ressources humaines, techniques et financières dont disposent les institutions concernées semblent "
            "insuffisantes au regard de l'étendue de leur mandat, et la rotation du personnel est élevée ; les "
            "experts examinateurs ont relevé en particulier l'absence de formation spécialisée pour les "
            "fonctionnaires nouvellement recrutés.",
            "Les statistiques relatives à l'application de la disposition ne sont pas recueillies de manière "
            "systématique et comparable d'une institution à l'autre, ce qui rend difficile l'évaluation de "
            "l'efficacité des mesures adoptées et le repérage des tendances.",
            "La coordination entre les différentes institutions compétentes dans ce domaine pourrait être "
            "renforcée, car le chevauchement des mandats et l'absence de mécanismes formels d'échange "
            "d'informations peuvent entraîner des retards et des doubles emplois.",
        ],
        "recommendation": [
            "Adopter sans tarder les règlements d'application manquants et veiller à ce que les procédures qu'ils "
            "établissent soient claires, accessibles et appliquées de manière cohérente par toutes les institutions "
            "concernées.",
            "Doter les institutions compétentes de ressources humaines, techniques et financières suffisantes et "
            "mettre en place un programme de formation spécialisée régulière à l'intention de leur personnel, "
            "portant notamment sur les enquêtes relatives aux affaires complexes et l'utilisation des "
            "renseignements financiers.",
            "Mettre en place un système de collecte et d'analyse de statistiques comparables sur l'application de "
            "la disposition, et en utiliser les résultats pour évaluer périodiquement l'efficacité des mesures "
            "adoptées et éclairer les décisions de politique générale.",
            "Envisager de formaliser la coordination entre les institutions concernées, par exemple au moyen de "
            "mémorandums d'accord, de groupes de travail conjoints et de canaux sécurisés d'échange "
            "d'informations, afin d'éviter les doubles emplois et de garantir une action rapide.",
        ],
        "ta_need": [
            "Renforcement des capacités du personnel des institutions concernées, y compris la formation de "
            "formateurs et l'échange de bonnes pratiques avec d'autres États parties.",
            "Assistance pour la mise au point d'un système électronique intégré de collecte, d'analyse et de "
            "publication des données et des statistiques.",
            "Conseils juridiques pour la rédaction d'amendements à la législation et des règlements d'application "
            "correspondants.",
        ],
    },
    "es": {
        "introduction": [
            "El examen del Estado parte ({state}) se llevó a cabo en el segundo ciclo del Mecanismo de Examen de la "
            "Aplicación de la Convención de las Naciones Unidas contra la Corrupción, que abarca el capítulo II "
            "(Medidas preventivas) y el capítulo V (Recuperación de activos) de la Convención. Los expertos "
            "examinadores analizaron las respuestas a la lista amplia de verificación para la autoevaluación, "
            "junto con la legislación, las estadísticas y los ejemplos de casos facilitados por las autoridades "
            "nacionales, y mantuvieron un diálogo constructivo con la persona de contacto y las instituciones "
            "competentes.",
            "Con el acuerdo del Estado parte examinado se realizó una visita al país. Durante la visita, los "
            "expertos examinadores se reunieron con representantes del órgano de lucha contra la corrupción, los "
            "ministerios de justicia, finanzas y administración pública, la autoridad de contratación pública, la "
            "unidad de inteligencia financiera, el ministerio público, el poder judicial y la entidad fiscalizadora "
            "superior, así como con representantes de la sociedad civil, el mundo académico y el sector privado. "
            "El presente resumen ejecutivo refleja las conclusiones acordadas con el Estado parte examinado.",
        ],
        "legal_framework": [
            "El Estado parte firmó la Convención y depositó su instrumento de ratificación de conformidad con sus "
            "procedimientos constitucionales. Con arreglo a la Constitución, los tratados internacionales "
            "debidamente ratificados forman parte del ordenamiento jurídico interno y prevalecen sobre la "
            "legislación ordinaria en caso de conflicto; no obstante, varias disposiciones de la Convención se "
            "aplican mediante legislación específica, en particular la ley anticorrupción, el Código Penal, el "
            "Código Procesal Penal, la ley de prevención del blanqueo de dinero y de la financiación del terrorismo "
            "y la ley de contratación pública.",
            "El marco institucional comprende un órgano especializado de lucha contra la corrupción con funciones "
            "de prevención y coordinación, el ministerio público, la unidad de inteligencia financiera, la entidad "
            "fiscalizadora superior y el poder judicial. La coordinación entre estas instituciones se garantiza "
            "mediante un comité interinstitucional presidido por el ministerio de justicia, que también supervisa "
            "la aplicación de la estrategia nacional de lucha contra la corrupción e informa anualmente al "
            "parlamento.",
        ],
        "narrative": {
            "II": [
                "El capítulo II de la Convención exige a los Estados partes formular y aplicar políticas coordinadas "
                "y eficaces contra la corrupción, establecer órganos encargados de prevenirla y adoptar medidas "
                "relativas al sector público, la contratación pública y la gestión de la hacienda pública, el poder "
                "judicial y el ministerio público, y el sector privado, así como medidas para fomentar la "
                "participación de la sociedad y prevenir el blanqueo de dinero.",
                "El Estado parte ({state}) ha adoptado una estrategia nacional de lucha contra la corrupción y un "
                "plan de acción elaborados mediante una amplia consulta, incluso con la sociedad civil. Los avances "
                "en la ejecución del plan se supervisan mediante indicadores y los resultados de las evaluaciones se "
                "publican. Los expertos examinadores tomaron nota de los esfuerzos realizados para reforzar la "
                "transparencia de la administración pública y la rendición de cuentas en la gestión de la hacienda "
                "pública, y señalaron al mismo tiempo ámbitos en los que el marco jurídico e institucional podría "
                "desarrollarse aún más.",
            ],
            "V": [
                "El capítulo V de la Convención establece la restitución de activos como principio fundamental y "
                "exige a los Estados partes que se presten la más amplia cooperación y asistencia entre sí a este "
                "respecto, incluidas la prevención y detección de transferencias del producto del delito, las "
                "medidas para la recuperación directa de bienes, los mecanismos de recuperación de bienes mediante "
                "la cooperación internacional para fines de decomiso, y la restitución y disposición de activos.",
                "En el Estado parte ({state}), la recuperación de activos se rige por el Código Procesal Penal, la "
                "ley de asistencia judicial recíproca en materia penal y la ley de prevención del blanqueo de "
                "dinero. La autoridad central encargada de la asistencia judicial recíproca forma parte del "
                "ministerio de justicia. Las autoridades nacionales proporcionaron estadísticas sobre las "
                "solicitudes enviadas y recibidas y sobre los activos inmovilizados, incautados y decomisados, así "
                "como ejemplos de casos en que se restituyeron activos a los Estados requirentes.",
            ],
        },
        "good_practice": [
            "La aprobación de un marco jurídico amplio, acompañado de reglamentos de aplicación y directrices "
            "detallados, que se publican en línea y se actualizan periódicamente en consulta con las instituciones "
            "interesadas, la sociedad civil y el sector privado.",
            "La estrecha cooperación entre el órgano de lucha contra la corrupción, la unidad de inteligencia "
            "financiera y el ministerio público, en particular mediante capacitación conjunta, canales seguros de "
            "intercambio de información y un sistema compartido de gestión de casos, que ha dado lugar a un "
            "aumento cuantificable del número de casos detectados y enjuiciados.",
            "La publicación, en un portal específico y de fácil uso, de estadísticas completas e informes anuales, "
            "que permite al público, a los medios de comunicación y a las organizaciones de la sociedad civil "
            "seguir la aplicación de las medidas adoptadas y contribuir a su evaluación.",
            "El uso sistemático de evaluaciones de riesgos para determinar los sectores y puestos más vulnerables "
            "a la corrupción, y la orientación de las medidas preventivas, la capacitación y las auditorías en "
            "función de esas evaluaciones.",
        ],
        "challenge": [
            "No se han aprobado todos los reglamentos de aplicación previstos en la ley, y las autoridades "
            "competentes informaron de que la falta de procedimientos claros dificulta la aplicación coherente de "
            "las disposiciones en la práctica.",
            "Los recursos humanos, técnicos y financieros de que disponen las instituciones interesadas parecen "
            "insuficientes en vista de la amplitud de su mandato, y la rotación del personal es elevada; los "
            "expertos examinadores observaron en particular la falta de capacitación especializada para los "
            "funcionarios recién contratados.",
            "Las estadísticas sobre la aplicación de la disposición no se reúnen de manera sistemática y comparable "
            "en las distintas instituciones, lo que dificulta evaluar la eficacia de las medidas adoptadas y "
            "detectar tendencias.",
            "Podría reforzarse la coordinación entre las distintas instituciones competentes en este ámbito, ya que "
            "la superposición de mandatos y la falta de mecanismos oficiales de intercambio de información pueden "
            "ocasionar retrasos y duplicación de esfuerzos.",
        ],
        "recommendation": [
            "Aprobar sin demora los reglamentos de aplicación pendientes y velar por que los procedimientos que "
            "establezcan sean claros y accesibles y todas las instituciones interesadas los apliquen de manera "
            "coherente.",
            "Dotar a las instituciones competentes de recursos humanos, técnicos y financieros suficientes y "
            "elaborar un programa de capacitación especializada periódica para su personal, en particular sobre la "
            "investigación de casos complejos y el uso de información financiera.",
            "Establecer un sistema de reunión y análisis de estadísticas comparables sobre la aplicación de la "
            "disposición y utilizar los resultados para evaluar periódicamente la eficacia de las medidas adoptadas "
            "y fundamentar las decisiones de política.",
            "Considerar la posibilidad de formalizar la coordinación entre las instituciones interesadas, por "
            "ejemplo mediante memorandos de entendimiento, grupos de trabajo conjuntos y canales seguros de "
            "intercambio de información, a fin de evitar duplicaciones y garantizar una actuación oportuna.",
        ],
        "ta_need": [
            "Fomento de la capacidad del personal de las instituciones interesadas, incluida la formación de "
            "instructores y el intercambio de buenas prácticas con otros Estados partes.",
            "Asistencia para desarrollar un sistema electrónico integrado de reunión, análisis y publicación de "
            "datos y estadísticas.",
            "Asesoramiento jurídico para la redacción de enmiendas a la legislación y de los reglamentos de "
            "aplicación correspondientes.",
        ],
    },
    "ru": {
        "introduction": [
            "Обзор государства-участника ({state}) был проведен в рамках второго цикла Механизма обзора хода "
            "осуществления Конвенции Организации Объединенных Наций против коррупции, который охватывает главу II "
            "(Меры по предупреждению коррупции) и главу V (Меры по возвращению активов) Конвенции. Проводящие обзор "
            "эксперты изучили ответы на вопросы всеобъемлющего контрольного перечня для самооценки, а также "
            "законодательство, статистические данные и примеры дел, представленные национальными органами, и "
            "провели конструктивный диалог с координатором и компетентными учреждениями.",
            "С согласия государства-участника, в отношении которого проводился обзор, была организована поездка в "
            "страну. В ходе поездки эксперты встретились с представителями органа по противодействию коррупции, "
            "министерств юстиции, финансов и государственной службы, органа по регулированию государственных "
            "закупок, подразделения финансовой разведки, прокуратуры, судебных органов и высшего органа "
            "финансового контроля, а также с представителями гражданского общества, научных кругов и частного "
            "сектора. Настоящее резюме отражает выводы, согласованные с государством-участником, в отношении "
            "которого проводился обзор.",
        ],
        "legal_framework": [
            "Государство-участник подписало Конвенцию и сдало на хранение ратификационную грамоту в соответствии со "
            "своими конституционными процедурами. Согласно Конституции, должным образом ратифицированные "
            "международные договоры являются частью внутренней правовой системы и в случае коллизии имеют "
            "преимущественную силу перед обычным законодательством; тем не менее ряд положений Конвенции "
            "осуществляется посредством специального законодательства, в частности закона о противодействии "
            "коррупции, уголовного кодекса, уголовно-процессуального кодекса, закона о предупреждении отмывания "
            "денег и финансирования терроризма и закона о государственных закупках.",
            "Институциональная основа включает специализированный орган по противодействию коррупции, наделенный "
            "превентивными и координирующими функциями, прокуратуру, подразделение финансовой разведки, высший "
            "орган финансового контроля и судебную власть. Координация деятельности этих учреждений "
            "обеспечивается межведомственным комитетом под председательством министерства юстиции, который также "
            "следит за осуществлением национальной антикоррупционной стратегии и ежегодно представляет доклад "
            "парламенту.",
        ],
        "narrative": {
            "II": [
                "Глава II Конвенции требует от государств-участников разрабатывать и осуществлять эффективную и "
                "скоординированную политику противодействия коррупции, создавать органы по предупреждению "
                "коррупции и принимать меры в отношении публичного сектора, публичных закупок и управления "
                "публичными финансами, судебных органов и органов прокуратуры, а также частного сектора, равно как "
                "и меры по обеспечению участия общества и предупреждению отмывания денежных средств.",
                "Государство-участник ({state}) приняло национальную антикоррупционную стратегию и план действий, "
                "разработанные в ходе широких консультаций, в том числе с гражданским обществом. Ход осуществления "
                "плана отслеживается с помощью показателей, а результаты оценок публикуются. Эксперты отметили "
                "усилия, направленные на повышение прозрачности государственного управления и подотчетности при "
                "управлении публичными финансами, и вместе с тем определили области, в которых правовая и "
                "институциональная основа могла бы получить дальнейшее развитие.",
            ],
            "V": [
                "Глава V Конвенции закрепляет возвращение активов в качестве основополагающего принципа и обязывает "
                "государства-участники оказывать друг другу самое широкое сотрудничество и помощь в этой области, "
                "включая предупреждение и выявление переводов доходов от преступлений, меры для непосредственного "
                "возвращения имущества, механизмы изъятия имущества посредством международного сотрудничества в "
                "деле конфискации, а также возвращение активов и распоряжение ими.",
                "В государстве-участнике ({state}) возвращение активов регулируется уголовно-процессуальным "
                "кодексом, законом о взаимной правовой помощи по уголовным делам и законом о предупреждении "
                "отмывания денег. Центральный орган по вопросам взаимной правовой помощи входит в структуру "
                "министерства юстиции. Национальные органы представили статистические данные о направленных и "
                "полученных просьбах и об активах, которые были заморожены, арестованы и конфискованы, а также "
                "примеры дел, в которых активы были возвращены запрашивающим государствам.",
            ],
        },
        "good_practice": [
            "Принятие всеобъемлющей правовой базы, дополненной подробными подзаконными актами и руководящими "
            "принципами, которые публикуются в интернете и регулярно обновляются в консультации с "
            "соответствующими учреждениями, гражданским обществом и частным сектором.",
            "Тесное сотрудничество между органом по противодействию коррупции, подразделением финансовой разведки "
            "и прокуратурой, в том числе посредством совместного обучения, защищенных каналов обмена информацией "
            "и общей системы ведения дел, что привело к ощутимому увеличению числа выявленных дел и дел, "
            "переданных в суд.",
            "Публикация на специальном удобном портале полных статистических данных и ежегодных докладов, что "
            "позволяет общественности, средствам массовой информации и организациям гражданского общества следить "
            "за осуществлением принятых мер и участвовать в их оценке.",
            "Систематическое проведение оценок рисков для выявления секторов и должностей, наиболее подверженных "
            "коррупции, и адресное применение превентивных мер, обучения и проверок на основе результатов таких "
            "оценок.",
        ],
        "challenge": [
            "Не все предусмотренные законом подзаконные акты приняты, и компетентные органы сообщили, что "
            "отсутствие четких процедур затрудняет единообразное применение соответствующих положений на практике.",
            "Кадровые, технические и финансовые ресурсы, имеющиеся в распоряжении соответствующих учреждений, "
            "представляются недостаточными с учетом широты их мандата, а текучесть кадров высока; эксперты "
            "отметили, в частности, отсутствие специальной подготовки для вновь принятых на службу сотрудников.",
            "Статистические данные об осуществлении данного положения не собираются систематически и в "
            "сопоставимом виде во всех учреждениях, что затрудняет оценку эффективности принятых мер и выявление "
            "тенденций.",
            "Координация между различными учреждениями, обладающими компетенцией в этой области, могла бы быть "
            "усилена, поскольку дублирование мандатов и отсутствие официальных механизмов обмена информацией "
            "могут приводить к задержкам и дублированию усилий.",
        ],
        "recommendation": [
            "Без промедления принять недостающие подзаконные акты и обеспечить, чтобы устанавливаемые ими "
            "процедуры были четкими, доступными и единообразно применялись всеми соответствующими учреждениями.",
            "Предоставить компетентным учреждениям достаточные кадровые, технические и финансовые ресурсы и "
            "разработать программу регулярной специальной подготовки их сотрудников, в том числе по вопросам "
            "расследования сложных дел и использования финансовой информации.",
            "Создать систему сбора и анализа сопоставимых статистических данных об осуществлении данного положения "
            "и использовать полученные результаты для периодической оценки эффективности принятых мер и "
            "обоснования политических решений.",
            "Рассмотреть возможность формализации координации между соответствующими учреждениями, например "
            "посредством меморандумов о взаимопонимании, совместных рабочих групп и защищенных каналов обмена "
            "информацией, с тем чтобы избежать дублирования и обеспечить своевременное принятие мер.",
        ],
        "ta_need": [
            "Укрепление потенциала сотрудников соответствующих учреждений, включая подготовку инструкторов и обмен "
            "передовым опытом с другими государствами-участниками.",
            "Помощь в разработке комплексной электронной системы сбора, анализа и публикации данных и "
            "статистической информации.",
            "Юридические консультации по подготовке поправок к законодательству и соответствующих подзаконных актов.",
        ],
    },
    "ar": {
        "introduction": [
            "أُجري استعراض الدولة الطرف ({state}) في إطار الدورة الثانية لآلية استعراض تنفيذ اتفاقية الأمم المتحدة "
            "لمكافحة الفساد، التي تشمل الفصل الثاني (التدابير الوقائية) والفصل الخامس (استرداد الموجودات) من "
            "الاتفاقية. وقد درس الخبراء المستعرِضون ردود الدولة الطرف على قائمة التقييم الذاتي المرجعية الشاملة، "
            "إلى جانب التشريعات والإحصاءات وأمثلة القضايا التي قدمتها السلطات الوطنية، وأجروا حوارا بنّاءً مع جهة "
            "الوصل والمؤسسات المختصة.",
            "وأُجريت زيارة قُطرية بموافقة الدولة الطرف المستعرَضة. والتقى الخبراء المستعرِضون خلال الزيارة بممثلين عن "
            "هيئة مكافحة الفساد، ووزارات العدل والمالية والخدمة المدنية، وهيئة المشتريات العمومية، ووحدة "
            "الاستخبارات المالية، والنيابة العامة، والجهاز القضائي، والجهاز الأعلى للرقابة المالية، وكذلك بممثلين عن "
            "المجتمع المدني والأوساط الأكاديمية والقطاع الخاص. ويعكس هذا الملخص التنفيذي الاستنتاجات المتفق عليها "
            "مع الدولة الطرف المستعرَضة.",
        ],
        "legal_framework": [
            "وقّعت الدولة الطرف على الاتفاقية وأودعت صك تصديقها عليها وفقا لإجراءاتها الدستورية. وبموجب الدستور، "
            "تُشكّل المعاهدات الدولية المصدق عليها حسب الأصول جزءا من النظام القانوني الداخلي، وتكون لها الغلبة على "
            "التشريعات العادية في حال التعارض؛ ومع ذلك تُنفَّذ عدة أحكام من الاتفاقية من خلال تشريعات خاصة، ولا "
            "سيما قانون مكافحة الفساد، وقانون العقوبات، وقانون الإجراءات الجنائية، وقانون منع غسل الأموال وتمويل "
            "الإرهاب، وقانون المشتريات العمومية.",
            "ويتألف الإطار المؤسسي من هيئة متخصصة لمكافحة الفساد تضطلع بمهام الوقاية والتنسيق، والنيابة العامة، "
            "ووحدة الاستخبارات المالية، والجهاز الأعلى للرقابة المالية، والسلطة القضائية. ويُكفل التنسيق بين هذه "
            "المؤسسات من خلال لجنة مشتركة بين الوكالات ترأسها وزارة العدل، وتتولى أيضا رصد تنفيذ الاستراتيجية "
            "الوطنية لمكافحة الفساد وتقدّم تقريرا سنويا إلى البرلمان.",
        ],
        "narrative": {
            "II": [
                "يُلزم الفصل الثاني من الاتفاقية الدول الأطراف بوضع وتنفيذ سياسات فعالة ومنسقة لمكافحة الفساد، "
                "وإنشاء هيئات تتولى منع الفساد، واعتماد تدابير تتعلق بالقطاع العام، والمشتريات العمومية وإدارة "
                "الأموال العمومية، والجهاز القضائي وأجهزة النيابة العامة، والقطاع الخاص، فضلا عن تدابير لإشراك "
                "المجتمع ومنع غسل الأموال.",
                "وقد اعتمدت الدولة الطرف ({state}) استراتيجية وطنية لمكافحة الفساد وخطة عمل أُعدّتا من خلال مشاورات "
                "واسعة، بما في ذلك مع المجتمع المدني. ويُرصد التقدم المحرز في تنفيذ الخطة بواسطة مؤشرات، وتُنشر "
                "نتائج التقييمات. وأحاط الخبراء المستعرِضون علما بالجهود المبذولة لتعزيز الشفافية في الإدارة العامة "
                "والمساءلة في إدارة الأموال العمومية، وحددوا في الوقت نفسه مجالات يمكن فيها مواصلة تطوير الإطار "
                "القانوني والمؤسسي.",
            ],
            "V": [
                "يُرسي الفصل الخامس من الاتفاقية إرجاع الموجودات مبدأً أساسيا، ويُلزم الدول الأطراف بأن تمدّ بعضها "
                "بعضا بأكبر قدر من التعاون والمساعدة في هذا المجال، بما في ذلك منع وكشف إحالة العائدات الإجرامية، "
                "وتدابير الاسترداد المباشر للممتلكات، وآليات استرداد الممتلكات من خلال التعاون الدولي في مجال "
                "المصادرة، وإرجاع الموجودات والتصرف فيها.",
                "وفي الدولة الطرف ({state})، يخضع استرداد الموجودات لقانون الإجراءات الجنائية وقانون المساعدة "
                "القانونية المتبادلة في المسائل الجنائية وقانون منع غسل الأموال. وتتبع السلطة المركزية المعنية "
                "بالمساعدة القانونية المتبادلة وزارة العدل. وقدّمت السلطات الوطنية إحصاءات عن الطلبات المرسلة "
                "والواردة وعن الموجودات المجمدة والمحجوزة والمصادرة، وكذلك أمثلة على قضايا أُرجعت فيها موجودات إلى "
                "الدول الطالبة.",
            ],
        },
        "good_practice": [
            "اعتماد إطار قانوني شامل تصحبه لوائح تنفيذية ومبادئ توجيهية مفصلة تُنشر على الإنترنت وتُحدَّث بانتظام "
            "بالتشاور مع المؤسسات المعنية والمجتمع المدني والقطاع الخاص.",
            "التعاون الوثيق بين هيئة مكافحة الفساد ووحدة الاستخبارات المالية والنيابة العامة، بما في ذلك من خلال "
            "التدريب المشترك وقنوات آمنة لتبادل المعلومات ونظام مشترك لإدارة القضايا، مما أدى إلى زيادة ملموسة في "
            "عدد القضايا المكتشفة والمحالة إلى القضاء.",
            "نشر إحصاءات شاملة وتقارير سنوية على بوابة إلكترونية مخصصة وسهلة الاستخدام، مما يتيح للجمهور ووسائط "
            "الإعلام ومنظمات المجتمع المدني متابعة تنفيذ التدابير المعتمدة والإسهام في تقييمها.",
            "الاستخدام المنهجي لتقييمات المخاطر لتحديد القطاعات والوظائف الأكثر عرضة للفساد، وتوجيه التدابير "
            "الوقائية والتدريب وعمليات مراجعة الحسابات استنادا إلى تلك التقييمات.",
        ],
        "challenge": [
            "لم تُعتمد جميع اللوائح التنفيذية التي ينص عليها القانون، وأفادت السلطات المختصة بأن غياب إجراءات واضحة "
            "يعوق التطبيق المتسق للأحكام في الممارسة العملية.",
            "يبدو أن الموارد البشرية والتقنية والمالية المتاحة للمؤسسات المعنية غير كافية بالنظر إلى اتساع ولايتها، "
            "كما أن معدل تبدّل الموظفين مرتفع؛ ولاحظ الخبراء المستعرِضون بوجه خاص عدم توفر تدريب متخصص للموظفين "
            "المعيّنين حديثا.",
            "لا تُجمع الإحصاءات المتعلقة بتنفيذ هذا الحكم على نحو منهجي وقابل للمقارنة بين المؤسسات، مما يصعّب تقييم "
            "فعالية التدابير المعتمدة وتحديد الاتجاهات.",
            "يمكن تعزيز التنسيق بين مختلف المؤسسات المختصة في هذا المجال، إذ قد يؤدي تداخل الولايات وغياب آليات "
            "رسمية لتبادل المعلومات إلى حدوث تأخير وازدواجية في الجهود.",
        ],
        "recommendation": [
            "اعتماد اللوائح التنفيذية المتبقية دون إبطاء، وضمان أن تكون الإجراءات التي تنص عليها واضحة ومتاحة وأن "
            "تطبقها جميع المؤسسات المعنية على نحو متسق.",
            "تزويد المؤسسات المختصة بما يكفي من الموارد البشرية والتقنية والمالية، ووضع برنامج تدريب متخصص منتظم "
            "لموظفيها، بما في ذلك بشأن التحقيق في القضايا المعقدة واستخدام المعلومات المالية.",
            "إنشاء نظام لجمع وتحليل إحصاءات قابلة للمقارنة عن تنفيذ هذا الحكم، واستخدام النتائج في التقييم الدوري "
            "لفعالية التدابير المعتمدة وفي الاسترشاد بها عند اتخاذ القرارات المتعلقة بالسياسات.",
            "النظر في إضفاء الطابع الرسمي على التنسيق بين المؤسسات المعنية، مثلا من خلال مذكرات تفاهم وأفرقة عاملة "
            "مشتركة وقنوات آمنة لتبادل المعلومات، بغية تجنب الازدواجية وضمان اتخاذ الإجراءات في الوقت المناسب.",
        ],
        "ta_need": [
            "بناء قدرات موظفي المؤسسات المعنية، بما في ذلك تدريب المدربين وتبادل الممارسات الجيدة مع الدول الأطراف "
            "الأخرى.",
            "المساعدة على استحداث نظام إلكتروني متكامل لجمع البيانات والإحصاءات وتحليلها ونشرها.",
            "المشورة القانونية بشأن صياغة تعديلات على التشريعات وما يقابلها من لوائح تنفيذية.",
        ],
    },
    "zh-hans": {
        "introduction": [
            "对缔约国（{state}）的审议是在《联合国反腐败公约》实施情况审议机制第二周期内进行的，该周期涵盖《公约》"
            "第二章（预防措施）和第五章（资产追回）。审议专家研究了该缔约国对综合自评清单的答复，以及国家主管机关"
            "提供的立法、统计数据和案例，并与联络人和各主管机构进行了积极对话。",
            "经受审议缔约国同意，进行了国别访问。访问期间，审议专家会见了反腐败机构、司法部、财政部和公共行政部、"
            "公共采购主管机关、金融情报机构、检察机关、司法机关和最高审计机关的代表，以及民间社会、学术界和私营部门"
            "的代表。本执行摘要反映了与受审议缔约国商定的审议结论。",
        ],
        "legal_framework": [
            "该缔约国已签署《公约》，并依照其宪法程序交存了批准书。根据《宪法》，经正式批准的国际条约构成国内法律"
            "秩序的一部分，在发生冲突时优先于普通立法；然而，《公约》的若干条款是通过专门立法实施的，特别是反腐败"
            "法、刑法典、刑事诉讼法典、预防洗钱和资助恐怖主义法以及公共采购法。",
            "体制框架包括一个具有预防和协调职能的专门反腐败机构、检察机关、金融情报机构、最高审计机关和司法机关。"
            "上述机构之间的协调由司法部主持的机构间委员会负责，该委员会还监督国家反腐败战略的执行情况，并每年向议会"
            "提交报告。",
        ],
        "narrative": {
            "II": [
                "《公约》第二章要求缔约国制定和执行有效而协调的反腐败政策，设立预防腐败的机构，并在公共部门、公共"
                "采购和公共财政管理、司法机关和检察机关以及私营部门采取措施，同时采取措施促进社会参与和预防洗钱。",
                "该缔约国（{state}）通过广泛协商，包括与民间社会协商，制定并通过了国家反腐败战略和行动计划。行动"
                "计划的执行进展通过指标加以监测，评估结果予以公布。审议专家注意到该国为加强公共行政透明度和公共财政"
                "管理问责制所作的努力，同时指出了法律和体制框架可进一步完善的领域。",
            ],
            "V": [
                "《公约》第五章将返还资产确立为一项基本原则，要求缔约国在这方面相互提供最广泛的合作和协助，包括预防"
                "和监测犯罪所得的转移、直接追回财产的措施、通过没收事宜国际合作追回财产的机制以及资产的返还和处分。",
                "在该缔约国（{state}），资产追回受刑事诉讼法典、刑事事项司法协助法和预防洗钱法管辖。负责司法协助的"
                "中央机关设在司法部。国家主管机关提供了关于发出和收到的请求以及被冻结、扣押和没收资产的统计数据，"
                "并提供了向请求国返还资产的案例。",
            ],
        },
        "good_practice": [
            "通过了全面的法律框架，并辅以详细的实施条例和指南，这些条例和指南在网上公布，并在与相关机构、民间社会"
            "和私营部门协商后定期更新。",
            "反腐败机构、金融情报机构和检察机关之间密切合作，包括开展联合培训、建立安全的信息交流渠道和共享案件管理"
            "系统，使发现和起诉的案件数量显著增加。",
            "在一个专门的、便于使用的门户网站上公布全面的统计数据和年度报告，使公众、媒体和民间社会组织能够跟踪所"
            "采取措施的执行情况并参与评估。",
            "系统地开展风险评估，以确定最易发生腐败的部门和职位，并根据评估结果有针对性地采取预防措施、开展培训和"
            "审计。",
        ],
        "challenge": [
            "法律规定的实施条例尚未全部通过，主管机关报告称，由于缺乏明确的程序，有关规定在实践中难以得到一致适用。",
            "鉴于相关机构的职责范围广泛，其现有的人力、技术和财政资源似乎不足，且人员流动率较高；审议专家特别注意"
            "到，新招聘的官员缺乏专门培训。",
            "各机构没有以系统和可比的方式收集关于该条款实施情况的统计数据，因此难以评估所采取措施的成效并确定趋势。",
            "该领域各主管机构之间的协调有待加强，因为职责重叠以及缺乏正式的信息交流机制可能导致延误和工作重复。",
        ],
        "recommendation": [
            "尽快通过尚未出台的实施条例，并确保其所规定的程序明确、易于获取，并由所有相关机构一致适用。",
            "为主管机构提供充足的人力、技术和财政资源，并为其工作人员制定定期专门培训方案，包括关于复杂案件调查和"
            "金融信息使用的培训。",
            "建立收集和分析该条款实施情况可比统计数据的系统，并利用其结果定期评估所采取措施的成效，为政策决定提供"
            "依据。",
            "考虑将相关机构之间的协调正式化，例如通过谅解备忘录、联合工作组和安全的信息交流渠道，以避免工作重复并"
            "确保及时采取行动。",
        ],
        "ta_need": [
            "为相关机构工作人员开展能力建设，包括培训培训员以及与其他缔约国交流良好做法。",
            "协助开发用于收集、分析和公布数据和统计资料的综合电子系统。",
            "就起草立法修正案及相应实施条例提供法律咨询。",
        ],
    },
}
