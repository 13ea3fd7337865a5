package municat

import "time"

// Source types municat can harvest.
const (
	// SourceCKAN is a CKAN portal, read through its Action API.
	SourceCKAN = "ckan"
	// SourceDCAT is a DCAT-AP catalogue in RDF/XML, Turtle or JSON-LD,
	// paged with Hydra.
	SourceDCAT = "dcat"
	// SourceCSW is an OGC CSW 2.0.2 geodata catalogue answering GetRecords
	// with ISO 19139 records (GeoNetwork, GDI-DE).
	SourceCSW = "csw"
	// SourceDataJSON is a DCAT-US 1.1 data.json catalogue (ArcGIS Hub,
	// Socrata and many other portals).
	SourceDataJSON = "datajson"
	// SourceSocrata is a Socrata portal, read through its Discovery API.
	SourceSocrata = "socrata"
	// SourceODS is an Opendatasoft portal, read through its Explore API
	// v2.1.
	SourceODS = "ods"
	// SourceFile is a data file published at a URL on a schedule, described
	// in the configuration or a sidecar metadata CSV.
	SourceFile = "file"
)

// DefaultTimeZone is the time zone schedules are read in unless a source
// names another.
const DefaultTimeZone = "Europe/Berlin"

// Source is a system municat harvests on a schedule.
type Source struct {
	// ID is a short lower-case id, part of every dataset id it yields.
	ID string `json:"id" yaml:"id"`
	// Type is the kind of system, e.g. SourceCKAN.
	Type string `json:"type" yaml:"type"`
	// URL is the base URL of the system, e.g. "https://ckan.example.org".
	URL string `json:"url" yaml:"url"`
	// Schedule is a cron expression (five fields, or a descriptor such as
	// "@daily"); empty means the source is harvested only by hand.
	Schedule string `json:"schedule,omitempty" yaml:"schedule,omitempty"`
	// TimeZone is the IANA time zone of Schedule; DefaultTimeZone if empty.
	TimeZone string `json:"time_zone,omitempty" yaml:"time_zone,omitempty"`
	// Timeout is the time limit of one run as a Go duration, e.g. "30m";
	// empty means the instance's default.
	Timeout string `json:"timeout,omitempty" yaml:"timeout,omitempty"`
	// Organization is the id of the organisation the datasets belong to.
	Organization string `json:"organization" yaml:"organization"`
	// Name is a display name (optional).
	Name string `json:"name,omitempty" yaml:"name,omitempty"`
	// Options are settings particular to the source type.
	Options map[string]string `json:"options,omitempty" yaml:"options,omitempty"`
	// Notify says whom to tell when a scheduled run fails (and when it
	// works again); nobody if nil. Package notify sends the notices.
	Notify *Notify `json:"notify,omitempty" yaml:"notify,omitempty"`
	// Paused sources keep their schedule but are not harvested on it;
	// a run by hand still works.
	Paused bool `json:"paused,omitempty" yaml:"paused,omitempty"`
	// Managed is "config" for a source defined in the configuration file,
	// which is its truth: it is written to the store at every start and
	// cannot be edited or deleted in the administration (only paused).
	// Empty for sources made in the administration or through the API.
	Managed string `json:"managed,omitempty" yaml:"-"`
}

// ManagedByConfig marks a source defined in the configuration file.
const ManagedByConfig = "config"

// Notify is where a source's run notices go. It converts to
// notify.Settings, which documents the fields and sends them.
type Notify struct {
	// Webhook is an http(s) URL that receives a JSON POST per notice.
	Webhook string `json:"webhook,omitempty" yaml:"webhook,omitempty"`
	// Secret signs the webhook requests (HMAC-SHA256). It is stored with
	// the source, which is why the API and the pages never show a source's
	// Notify.
	Secret string `json:"secret,omitempty" yaml:"secret,omitempty"`
	// Email are the recipients of the e-mail notice.
	Email []string `json:"email,omitempty" yaml:"email,omitempty"`
	// OnRecovery also notifies when a run succeeds after a failed one;
	// true when nil.
	OnRecovery *bool `json:"on_recovery,omitempty" yaml:"on_recovery,omitempty"`
}

// RunTimeout returns Timeout as a duration, 0 if it is empty or invalid
// (the configuration check reports an invalid one).
func (s *Source) RunTimeout() time.Duration {
	d, err := time.ParseDuration(s.Timeout)
	if err != nil || d < 0 {
		return 0
	}
	return d
}

// Location returns the IANA time-zone name of the schedule.
func (s *Source) Location() string {
	if s.TimeZone == "" {
		return DefaultTimeZone
	}
	return s.TimeZone
}
