"""The kg ontology as Python names: generated from ontology/kg.ttl, checked by tests/test_vocab.py."""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KG(DefinedNamespace):
    """Terms of ontology/kg.ttl; an unknown attribute raises AttributeError."""

    _fail = True

    # classes
    Accelerator: URIRef
    Agent: URIRef
    Company: URIRef
    Document: URIRef
    Government: URIRef
    InvestmentFund: URIRef
    NonProfit: URIRef
    Organization: URIRef
    Person: URIRef
    School: URIRef
    Support: URIRef
    University: URIRef

    # relations (object properties); menteeOf, acquiredBy, subOrganizationOf are inverses for
    # reasoners and query authors, never written by kg build
    acquired: URIRef
    acquiredBy: URIRef
    alumniOf: URIRef
    boardMemberOf: URIRef
    ceoOf: URIRef
    dismissedFrom: URIRef
    employeeOf: URIRef
    executiveOf: URIRef
    founderOf: URIRef
    investedIn: URIRef
    memberOf: URIRef
    menteeOf: URIRef
    mentorOf: URIRef
    parentOrgOf: URIRef
    partnerOf: URIRef
    partnershipWith: URIRef
    siblingOf: URIRef
    spouseOf: URIRef
    subOrganizationOf: URIRef

    # support of a relation triple over the corpus (kg.support): kgo:Support → its rdf:Statement nodes
    supportedBy: URIRef

    # attributes (datatype properties)
    betweenness: URIRef
    charEnd: URIRef
    charLength: URIRef
    charStart: URIRef
    closeness: URIRef
    community: URIRef
    confidence: URIRef
    contentHash: URIRef
    date: URIRef
    degree: URIRef
    documentCount: URIRef
    eigenvector: URIRef
    evidence: URIRef
    mentionCount: URIRef
    mergeReason: URIRef
    method: URIRef
    pagerank: URIRef
    sourcePath: URIRef
    statementCount: URIRef

    _NS = Namespace("https://w3id.org/kg-ja/ontology#")


# Every term as a plain class attribute: DefinedNamespace makes a new URIRef, after its checks, on each
# ``KG.x`` (about 1.3 µs; stages 3–5 ask tens of thousands of times per hundred documents).
for _term in KG.__annotations__:
    type.__setattr__(KG, _term, KG._NS[_term])
del _term

# Where entity, statement and document IRIs are minted (overridable in Settings.base_iri).
BASE_IRI = "https://w3id.org/kg-ja/id/"

# The relation vocabulary of SPEC.md, in its order.
RELATIONS: tuple[URIRef, ...] = (
    KG.mentorOf, KG.investedIn, KG.boardMemberOf, KG.founderOf, KG.ceoOf, KG.executiveOf,
    KG.employeeOf, KG.alumniOf, KG.spouseOf, KG.partnerOf, KG.siblingOf, KG.acquired,
    KG.partnershipWith, KG.dismissedFrom, KG.memberOf, KG.parentOrgOf,
)

# Symmetric relations are stored once (subject key < object key) and queried both ways.
SYMMETRIC: frozenset[URIRef] = frozenset({KG.spouseOf, KG.partnerOf, KG.siblingOf, KG.partnershipWith})
# SPEC's domains that shapes.ttl checks: these predicates take a person as subject, and the kin ones link two people.
PERSON_SUBJECT: frozenset[URIRef] = frozenset({KG.boardMemberOf, KG.founderOf, KG.ceoOf, KG.executiveOf,
                                                KG.employeeOf, KG.alumniOf, KG.dismissedFrom})
PERSON_PAIR: frozenset[URIRef] = frozenset({KG.mentorOf, KG.spouseOf, KG.partnerOf, KG.siblingOf})

# The coarse classes every entity has exactly one of.
COARSE: tuple[URIRef, ...] = (KG.Person, KG.Organization)

# Organisation subclasses, which may be added alongside KG.Organization.
ORG_SUBCLASSES: tuple[URIRef, ...] = (
    KG.Company, KG.InvestmentFund, KG.Accelerator, KG.University, KG.School, KG.NonProfit, KG.Government,
)


def local_name(term: URIRef) -> str:
    """Return the local name of a kg term.

    Example:
        >>> local_name(KG.ceoOf)
        'ceoOf'
    """
    return str(term).rsplit("#", 1)[-1]
