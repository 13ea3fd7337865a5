package openapi

import (
	"fmt"
	"maps"
	"slices"
)

// mergeFragment adds frag to doc; first says whether frag is the base.
func mergeFragment(doc, frag map[string]any, first bool) error {
	for _, key := range slices.Sorted(maps.Keys(frag)) {
		value := frag[key]
		base, known := topLevel[key]
		switch {
		case !known:
			return fmt.Errorf("unknown top-level key %q (allowed: paths, components, tags)", key)
		case base && !first:
			return fmt.Errorf("%q belongs in the first fragment only", key)
		case base:
			doc[key] = value
		case key == "paths":
			if err := addAll(doc, "paths", value, "path"); err != nil {
				return err
			}
		case key == "components":
			comps, ok := value.(map[string]any)
			if !ok {
				return fmt.Errorf("components is not a mapping")
			}
			all, _ := doc["components"].(map[string]any)
			if all == nil {
				all = map[string]any{}
				doc["components"] = all
			}
			for _, kind := range slices.Sorted(maps.Keys(comps)) {
				if err := addAll(all, kind, comps[kind], "components."+kind); err != nil {
					return err
				}
			}
		case key == "tags":
			if err := addTags(doc, value); err != nil {
				return err
			}
		}
	}
	return nil
}

// addAll adds the entries of the mapping value to parent[key], refusing a
// name already there.
func addAll(parent map[string]any, key string, value any, what string) error {
	entries, ok := value.(map[string]any)
	if !ok {
		return fmt.Errorf("%s is not a mapping", key)
	}
	into, _ := parent[key].(map[string]any)
	if into == nil {
		into = map[string]any{}
		parent[key] = into
	}
	for _, name := range slices.Sorted(maps.Keys(entries)) {
		if _, dup := into[name]; dup {
			return fmt.Errorf("%s %q is described twice", what, name)
		}
		into[name] = entries[name]
	}
	return nil
}

// addTags appends the tag list value to doc's tags, refusing a tag name
// already there.
func addTags(doc map[string]any, value any) error {
	tags, ok := value.([]any)
	if !ok {
		return fmt.Errorf("tags is not a list")
	}
	have, _ := doc["tags"].([]any)
	seen := map[any]bool{}
	for _, t := range have {
		if m, ok := t.(map[string]any); ok {
			seen[m["name"]] = true
		}
	}
	for _, t := range tags {
		m, ok := t.(map[string]any)
		if !ok || m["name"] == nil {
			return fmt.Errorf("a tag without a name")
		}
		if seen[m["name"]] {
			return fmt.Errorf("tag %q is described twice", m["name"])
		}
		seen[m["name"]] = true
		have = append(have, t)
	}
	doc["tags"] = have
	return nil
}

// stringKeys returns v with every mapping keyed by strings (YAML allows
// unquoted 200 as a key; JSON does not).
func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = stringKeys(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = stringKeys(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = stringKeys(e)
		}
		return v
	}
	return v
}
