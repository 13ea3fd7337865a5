package admin

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/internal/upload"
	"github.com/municat/municat/publish"
)

// uploadForm is the upload form of a dataset as entered.
type uploadForm struct {
	// Targets are the choices of what the file becomes: a new
	// distribution ("") or a new version of a distribution with a file.
	Targets     []option
	Title       string
	Publication string // pubNow or pubSchedule
	PublishDate string
	PublishTime string
	// MaxSize is the size limit in words, e.g. "100 MB".
	MaxSize string
}

// uploadFormOf returns the upload form for d with the input f.
func (a *admin) uploadFormOf(d *municat.Dataset, f uploadForm) uploadForm {
	target := ""
	for _, t := range f.Targets {
		if t.Selected {
			target = t.Value
		}
	}
	f.Targets = []option{{Value: "", Label: "als neue Distribution", Selected: target == ""}}
	for _, dist := range d.Distributions {
		if dist.FileKey == "" {
			continue
		}
		label := dist.Title.String()
		if label == "" {
			label = dist.ID
		}
		f.Targets = append(f.Targets, option{Value: dist.ID, Label: "als neue Version von „" + label + "“", Selected: dist.ID == target})
	}
	if f.Publication == "" {
		f.Publication = pubNow
	}
	f.MaxSize = upload.FormatSize(a.maxUpload())
	return f
}

// maxUpload returns the size limit of an uploaded file.
func (a *admin) maxUpload() int64 {
	if a.cfg.Publish != nil {
		return a.cfg.Publish.MaxUpload()
	}
	return publish.DefaultMaxUpload
}

// readUploadForm reads the text fields of the upload form.
func readUploadForm(v url.Values) uploadForm {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return uploadForm{
		Targets:     []option{{Value: get("distribution"), Selected: true}},
		Title:       get("title"),
		Publication: get("upload_publication"),
		PublishDate: get("upload_date"),
		PublishTime: get("upload_time"),
	}
}

// publishAt returns the time the upload form asks to publish the file at,
// nil for at once.
func (f uploadForm) publishAt(loc *time.Location) (*time.Time, []municat.FieldError) {
	if f.Publication != pubSchedule {
		return nil, nil
	}
	df := &datasetForm{Publication: pubSchedule, PublishDate: f.PublishDate, PublishTime: f.PublishTime}
	_, t, errs := df.publication(&municat.Dataset{}, loc, nil)
	for i := range errs {
		errs[i].Field = strings.Replace(errs[i].Field, "publish_", "upload_", 1)
	}
	return t, errs
}

// datasetUpload stores an uploaded file as a new distribution of the
// dataset or a new version of one, at once or at a planned time.
func (a *admin) datasetUpload(c *fiber.Ctx) error {
	ctx := c.UserContext()
	p := auth.PrincipalOf(c)
	d, err := a.cfg.Publish.Dataset(ctx, p, c.Params("id"))
	if err != nil {
		return err
	}
	if d.SourceID != "" {
		return municat.Errorf(municat.ECONFLICT, "Der Datensatz wird aus der Quelle „%s“ geerntet; Dateien dazu laden Sie bitte dort hoch.", d.SourceID)
	}
	var (
		in      uploadForm
		name    string
		problem []municat.FieldError
		version *municat.FileVersion
	)
	opts := upload.Options{FileField: "file", MaxFile: a.maxUpload()}
	err = readUpload(c, opts, func(fields url.Values, file *upload.File) error {
		in = readUploadForm(fields)
		at, errs := in.publishAt(a.berlin)
		if file == nil {
			errs = append(errs, municat.FieldError{Field: "file", Message: "Bitte wählen Sie eine Datei aus."})
		}
		if len(errs) > 0 {
			problem = errs
			return nil
		}
		name = file.Name
		u := publish.Upload{
			Distribution: in.Targets[0].Value, Name: file.Name, Body: file.Body,
			ContentType: file.ContentType, Title: municat.NewText(in.Title), PublishAt: at,
		}
		saved, v, uerr := a.cfg.Publish.Upload(ctx, p, d.ID, u)
		if uerr == nil {
			d, version = saved, v
		}
		return uerr
	})
	status := http.StatusUnprocessableEntity
	switch code := municat.ErrorCode(err); code {
	case "":
	case municat.EINVALID, municat.ETOOLARGE:
		if code == municat.ETOOLARGE {
			status = http.StatusRequestEntityTooLarge
		}
		problem = []municat.FieldError{{Field: "file", Message: municat.ErrorMessage(err)}}
		if fields, ok := validationFields(err); ok {
			problem = fields
		}
	default:
		return err
	}
	if len(problem) > 0 {
		upload.Finish(c)
		return a.uploadFailed(c, d, in, problem, status)
	}
	msg := "Die Datei „" + name + "“ ist gespeichert (" + upload.FormatSize(version.ByteSize) + ")."
	if version.PublishAt != nil {
		msg += " Sie wird am " + a.formatTime(version.PublishAt, "02.01.2006 um 15:04") + " Uhr veröffentlicht."
	} else if d.Unreleased() {
		msg += " Sie wird mit dem Datensatz veröffentlicht."
	}
	return a.redirect(c, "/datasets/"+d.ID, msg)
}

// uploadFailed shows the dataset page again with the upload's problems.
func (a *admin) uploadFailed(c *fiber.Ctx, d *municat.Dataset, in uploadForm, problem []municat.FieldError, status int) error {
	if stored, err := a.cfg.Publish.Dataset(c.UserContext(), auth.PrincipalOf(c), d.ID); err == nil {
		d = stored
	}
	data, err := a.datasetPageData(c, d, datasetFormOf(d, a.berlin))
	if err != nil {
		return err
	}
	data.Upload = a.uploadFormOf(d, in)
	for _, e := range problem {
		if e.Field != "upload_date" && e.Field != "upload_time" {
			e.Field = "file"
		}
		data.Errors = append(data.Errors, e)
	}
	return a.page(c, status, "dataset", data)
}

// versionsPage is the data of the list of versions of a distribution.
type versionsPage struct {
	Base
	Dataset      *municat.Dataset
	Distribution *municat.Distribution
	// Versions are newest first.
	Versions []versionRow
}

// versionRow is one version of a file.
type versionRow struct {
	V municat.FileVersion
	// Current marks the version the distribution serves now.
	Current bool
	Size    string
	// DownloadURL is the public download, "" while the dataset or the
	// version is not public.
	DownloadURL string
}

// versionsList lists the stored versions of a distribution's file, newest
// first, with the current and the planned ones marked.
func (a *admin) versionsList(c *fiber.Ctx) error {
	d, err := a.cfg.Publish.Dataset(c.UserContext(), auth.PrincipalOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	var dist *municat.Distribution
	for i := range d.Distributions {
		if d.Distributions[i].ID == c.Params("dist") {
			dist = &d.Distributions[i]
		}
	}
	if dist == nil {
		return municat.NotFound("Der Datensatz „%s“ hat keine Distribution „%s“.", datasetTitle(d), c.Params("dist"))
	}
	label := dist.Title.String()
	if label == "" {
		label = dist.ID
	}
	data := versionsPage{Base: a.base(c, "Versionen von „"+label+"“", "datasets"), Dataset: d, Distribution: dist}
	for i := len(dist.Versions) - 1; i >= 0; i-- {
		v := dist.Versions[i]
		row := versionRow{V: v, Current: v.Key == dist.FileKey, Size: upload.FormatSize(v.ByteSize)}
		if d.Listed() && v.Released() {
			row.DownloadURL = a.basePath + "/api/v1/datasets/" + url.PathEscape(d.ID) + "/distributions/" + url.PathEscape(dist.ID) + "/versions/" + url.PathEscape(v.ID) + "/download"
		}
		data.Versions = append(data.Versions, row)
	}
	return a.page(c, http.StatusOK, "versions", data)
}
