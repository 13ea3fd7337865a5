package rdf

// Namespace IRIs of the vocabularies municat reads and writes. A term IRI
// is the namespace followed by the local name, e.g. DCAT + "Dataset".
const (
	RDF       = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFS      = "http://www.w3.org/2000/01/rdf-schema#"
	XSD       = "http://www.w3.org/2001/XMLSchema#"
	OWL       = "http://www.w3.org/2002/07/owl#"
	DCAT      = "http://www.w3.org/ns/dcat#"
	DCT       = "http://purl.org/dc/terms/"
	FOAF      = "http://xmlns.com/foaf/0.1/"
	VCARD     = "http://www.w3.org/2006/vcard/ns#"
	SKOS      = "http://www.w3.org/2004/02/skos/core#"
	ADMS      = "http://www.w3.org/ns/adms#"
	DCATAP    = "http://data.europa.eu/r5r/"
	DCATDE    = "http://dcat-ap.de/def/dcatde/"
	HYDRA     = "http://www.w3.org/ns/hydra/core#"
	SPDX      = "http://spdx.org/rdf/terms#"
	LOCN      = "http://www.w3.org/ns/locn#"
	GSP       = "http://www.opengis.net/ont/geosparql#"
	PROV      = "http://www.w3.org/ns/prov#"
	TIME      = "http://www.w3.org/2006/time#"
	GEODCATAP = "http://data.europa.eu/930/"
	SCHEMA    = "http://schema.org/"
	ODRL      = "http://www.w3.org/ns/odrl/2/"
)

// Frequently used term IRIs.
const (
	RDFType               = RDF + "type"
	RDFLangString         = RDF + "langString"
	XSDString             = XSD + "string"
	XSDDate               = XSD + "date"
	XSDDateTime           = XSD + "dateTime"
	XSDInteger            = XSD + "integer"
	XSDDecimal            = XSD + "decimal"
	XSDBoolean            = XSD + "boolean"
	XSDNonNegativeInteger = XSD + "nonNegativeInteger"
)

// Prefix binds a short name to a namespace IRI for writers that abbreviate
// IRIs (Turtle, RDF/XML, JSON-LD contexts).
type Prefix struct {
	// Name is the prefix without the colon, e.g. "dcat".
	Name string
	// IRI is the namespace IRI.
	IRI string
}

// CommonPrefixes are the prefixes of the namespaces above.
var CommonPrefixes = []Prefix{
	{"rdf", RDF}, {"rdfs", RDFS}, {"xsd", XSD}, {"owl", OWL}, {"dcat", DCAT}, {"dct", DCT},
	{"foaf", FOAF}, {"vcard", VCARD}, {"skos", SKOS}, {"adms", ADMS}, {"dcatap", DCATAP},
	{"dcatde", DCATDE}, {"hydra", HYDRA}, {"spdx", SPDX}, {"locn", LOCN}, {"gsp", GSP},
	{"prov", PROV}, {"time", TIME}, {"geodcatap", GEODCATAP}, {"schema", SCHEMA}, {"odrl", ODRL},
}
