package publish

import (
	"github.com/municat/municat"
)

// requireEditor returns nil if p may edit the datasets of org, else
// EUNAUTHORIZED for nobody and EFORBIDDEN for anyone else.
func requireEditor(p *municat.Principal, org string) error {
	if p == nil {
		return municat.Errorf(municat.EUNAUTHORIZED, "Bitte melden Sie sich an.")
	}
	if p.Can(org, municat.RoleEditor) {
		return nil
	}
	if org == "" {
		return municat.Errorf(municat.EFORBIDDEN, "Dieser Datensatz gehört zu keiner Organisation; nur die Instanz-Administration darf ihn bearbeiten.")
	}
	return municat.Errorf(municat.EFORBIDDEN, "Sie dürfen die Datensätze der Organisation %q nicht bearbeiten. Dafür ist die Rolle Redaktion oder Administration in dieser Organisation nötig.", org)
}

// requireEditable returns nil if p may change d: an editor of its
// organisation, and d not harvested (ECONFLICT: the next run would
// overwrite the change).
func requireEditable(p *municat.Principal, d *municat.Dataset) error {
	if err := requireEditor(p, d.Organization); err != nil {
		return err
	}
	if d.SourceID != "" {
		return municat.Errorf(municat.ECONFLICT, "Der Datensatz %q wird aus der Quelle %q geerntet und kann hier nicht bearbeitet werden. Ändern Sie ihn in der Quelle; die nächste Ernte übernimmt die Änderung.", d.ID, d.SourceID)
	}
	return nil
}
