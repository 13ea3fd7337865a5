package meili

import (
	"context"
	"fmt"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// Index adds or replaces the listed datasets and removes the others (see
// Dataset.Listed). Nil datasets are skipped; a dataset without an ID is an
// EINVALID error and nothing is written. When a dataset comes several times,
// the last one counts. Documents are sent in batches of Config.BatchSize;
// Index returns when Meilisearch has applied all of them, or with the first
// failed task's error (earlier batches stay applied). While a rebuild is
// open, the same changes go to the build.
func (x *Index) Index(ctx context.Context, datasets ...*municat.Dataset) error {
	docs, gone, err := plan(datasets, true)
	if err != nil {
		return err
	}
	return x.write(ctx, docs, gone)
}

// Delete removes the datasets with the given ids; missing ids are ignored.
// While a rebuild is open, they are removed from the build too.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	var keys []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			keys = append(keys, documentKey(id))
		}
	}
	return x.write(ctx, nil, keys)
}

// plan returns the documents to add and the keys of the datasets to remove:
// the last occurrence of each id decides. Without withGone, datasets that
// are not listed are left out instead of removed.
func plan(datasets []*municat.Dataset, withGone bool) (docs []map[string]any, gone []string, err error) {
	last := make(map[string]int, len(datasets))
	for i, d := range datasets {
		if d == nil {
			continue
		}
		if d.ID == "" {
			return nil, nil, municat.Errorf(municat.EINVALID, "Datensatz ohne ID kann nicht indexiert werden.")
		}
		last[d.ID] = i
	}
	for i, d := range datasets {
		switch {
		case d == nil || last[d.ID] != i:
		case d.Listed():
			docs = append(docs, document(d))
		case withGone:
			gone = append(gone, documentKey(d.ID))
		}
	}
	return docs, gone, nil
}

// task is an enqueued Meilisearch task.
type task struct {
	uid int64
	op  string
}

// write adds docs to and removes the documents with keys from the live
// index and the open build, then waits for all tasks.
func (x *Index) write(ctx context.Context, docs []map[string]any, keys []string) error {
	if len(docs) == 0 && len(keys) == 0 {
		return nil
	}
	x.writeMu.RLock()
	targets := []string{x.uid}
	if x.build != nil && x.build.ready {
		targets = append(targets, x.build.uid)
	}
	var tasks []task
	var err error
	for _, uid := range targets {
		if tasks, err = x.enqueue(ctx, uid, docs, keys, tasks); err != nil {
			break
		}
	}
	x.writeMu.RUnlock()
	if werr := x.waitAll(ctx, tasks); err == nil {
		err = werr
	}
	return err
}

// enqueue sends docs and the deletion of keys to the index uid in batches
// and appends their tasks to tasks.
func (x *Index) enqueue(ctx context.Context, uid string, docs []map[string]any, keys []string, tasks []task) ([]task, error) {
	ix := x.client.Index(uid)
	n := x.cfg.BatchSize
	for i := 0; i < len(docs); i += n {
		op := fmt.Sprintf("adding %d documents to %s", min(n, len(docs)-i), uid)
		rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
		info, err := ix.AddDocuments(rctx, docs[i:min(i+n, len(docs))], nil)
		cancel()
		if err != nil {
			return tasks, x.fail(ctx, op, err)
		}
		tasks = append(tasks, task{info.TaskUID, op})
	}
	for i := 0; i < len(keys); i += n {
		op := fmt.Sprintf("deleting %d documents from %s", min(n, len(keys)-i), uid)
		rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
		info, err := ix.DeleteDocuments(rctx, keys[i:min(i+n, len(keys))], nil)
		cancel()
		if err != nil {
			return tasks, x.fail(ctx, op, err)
		}
		tasks = append(tasks, task{info.TaskUID, op})
	}
	return tasks, nil
}

// waitAll waits for tasks in order and returns the first error.
func (x *Index) waitAll(ctx context.Context, tasks []task) error {
	for _, t := range tasks {
		if err := x.waitTask(ctx, t.op, t.uid); err != nil {
			return err
		}
	}
	return nil
}

// wait waits for the task of a request that returned info and err.
func (x *Index) wait(ctx context.Context, op string, info *meilisearch.TaskInfo, err error) error {
	if err != nil {
		return x.fail(ctx, op, err)
	}
	return x.waitTask(ctx, op, info.TaskUID)
}

// waitTask polls the task uid until it is done, for at most
// Config.TaskTimeout. A failed or canceled task is an error naming the task,
// Meilisearch's error code and message, e.g. "meilisearch task 12 failed:
// invalid_document_id: …".
func (x *Index) waitTask(ctx context.Context, op string, uid int64) error {
	tctx, cancel := context.WithTimeout(ctx, x.cfg.TaskTimeout)
	defer cancel()
	t, err := x.client.WaitForTask(tctx, uid, taskPollInterval)
	if err != nil {
		if ctx.Err() == nil && tctx.Err() != nil {
			return &municat.Error{Code: municat.EUNAVAILABLE, Message: unavailableMessage,
				Err: fmt.Errorf("meilisearch at %s: task %d (%s) did not finish within %s", x.server, uid, op, x.cfg.TaskTimeout)}
		}
		return x.fail(ctx, fmt.Sprintf("waiting for task %d (%s)", uid, op), err)
	}
	switch t.Status {
	case meilisearch.TaskStatusSucceeded:
		return nil
	case meilisearch.TaskStatusFailed:
		return &requestError{kind: kindRequest, code: string(t.Error.Code),
			line: fmt.Sprintf("meilisearch task %d failed: %s: %s", uid, t.Error.Code, oneLine(t.Error.Message))}
	}
	return &requestError{kind: kindRequest, line: fmt.Sprintf("meilisearch task %d (%s) ended %s", uid, op, t.Status)}
}

// dropIndex deletes the index uid and waits for it; a missing index is no
// error.
func (x *Index) dropIndex(ctx context.Context, uid string) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	info, err := x.client.DeleteIndex(rctx, uid)
	cancel()
	if err := x.wait(ctx, "deleting index "+uid, info, err); err != nil && !isCode(err, meilisearch.APIErrCodeIndexNotFound) {
		return err
	}
	return nil
}
