package fs

import (
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/municat/municat"
)

// List calls fn for every object whose key starts with prefix, in ascending
// byte order of keys.
//
// It reads only the directories the prefix leads to. Within a directory it
// sorts a subdirectory d as "d/", because every key below d starts so: that
// puts "a-b" before the keys in a/ and those before "a0" ('-' < '/' < '0'),
// which is the order of whole keys, not the order of names that os.ReadDir
// returns.
func (s *Store) List(ctx context.Context, prefix string, fn func(municat.ObjectInfo) error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fs: list %q: %w", prefix, err)
	}
	dir, namePrefix := "", prefix
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		dir, namePrefix = prefix[:i], prefix[i+1:]
		// Every key below a directory starts with a valid key; a prefix
		// whose directory part is not one matches nothing.
		if municat.CheckKey(dir) != nil {
			return nil
		}
	}
	return s.walk(ctx, dir, namePrefix, fn)
}

// entry is one name in a directory, with the name it sorts by.
type entry struct {
	name, sortName string
	dir            bool
}

// walk calls fn for the objects in the key directory dir ("" for the top)
// whose names start with namePrefix, and for all objects below its
// subdirectories whose names do, in key order.
func (s *Store) walk(ctx context.Context, dir, namePrefix string, fn func(municat.ObjectInfo) error) error {
	d, err := s.root.Open(path.Join(objectsDir, dir))
	if err != nil {
		if isNotExist(err) {
			return nil // nothing under this prefix
		}
		return fmt.Errorf("fs: list %q: %w", dir, err)
	}
	dirEntries, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		if isNotExist(err) {
			return nil // dir is an object, not a directory, or was deleted
		}
		return fmt.Errorf("fs: list %q: %w", dir, err)
	}
	entries := make([]entry, 0, len(dirEntries))
	for _, de := range dirEntries {
		name := de.Name()
		if !strings.HasPrefix(name, namePrefix) {
			continue
		}
		switch {
		case de.IsDir():
			entries = append(entries, entry{name, name + "/", true})
		case de.Type().IsRegular():
			entries = append(entries, entry{name, name, false})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.sortName, b.sortName) })

	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("fs: list: %w", err)
		}
		key := e.name
		if dir != "" {
			key = dir + "/" + e.name
		}
		if e.dir {
			if err := s.walk(ctx, key, "", fn); err != nil {
				return err
			}
			continue
		}
		info, ok, err := s.stat(key)
		if err != nil {
			return err
		}
		if !ok {
			continue // deleted or replaced since ReadDir
		}
		if err := fn(info); err != nil {
			return err
		}
	}
	return nil
}

// stat describes the object at key for List; ok is false if it is gone.
func (s *Store) stat(key string) (info municat.ObjectInfo, ok bool, err error) {
	f, err := s.root.Open(path.Join(objectsDir, key))
	if err != nil {
		if isNotExist(err) {
			return info, false, nil
		}
		return info, false, fmt.Errorf("fs: list: %w", err)
	}
	defer f.Close()
	o, err := readObject(f, key)
	if municat.ErrorCode(err) == municat.ENOTFOUND {
		return info, false, nil
	}
	if err != nil {
		return info, false, err
	}
	return o.info, true, nil
}
