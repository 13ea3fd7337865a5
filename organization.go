package municat

// Organization is a body that publishes data in the catalogue: a
// municipality or one of its offices.
type Organization struct {
	// ID is a short lower-case id, e.g. "stadt-musterstadt".
	ID string `json:"id" yaml:"id"`
	// Name is the display name, e.g. "Stadt Musterstadt".
	Name string `json:"name" yaml:"name"`
	// Description says what the organisation does (optional).
	Description Text `json:"description,omitempty" yaml:"description,omitempty"`
	// Homepage is the organisation's web site.
	Homepage string `json:"homepage,omitempty" yaml:"homepage,omitempty"`
	// Email is a general contact address.
	Email string `json:"email,omitempty" yaml:"email,omitempty"`
	// AGS is the official municipality key (Amtlicher Gemeindeschlüssel),
	// 8 digits, or 2–5 digits for states and districts.
	AGS string `json:"ags,omitempty" yaml:"ags,omitempty"`
	// ContributorID is the DCAT-AP.de contributor id IRI GovData uses to
	// attribute the data, e.g. "http://dcat-ap.de/def/contributors/…".
	ContributorID string `json:"contributor_id,omitempty" yaml:"contributor_id,omitempty"`
	// Managed is ManagedByConfig for an organisation defined in the
	// configuration file, which is its truth: it is written to the store at
	// every start and cannot be edited in the administration.
	Managed string `json:"managed,omitempty" yaml:"-"`
}
