package tabular

import (
	"context"
	"strings"

	"github.com/municat/municat"
)

// push adds a job unless it is pending already.
func (s *Service) push(j job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pending[j] {
		return
	}
	s.pending[j] = true
	s.queue = append(s.queue, j)
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// next waits for a job.
func (s *Service) next(ctx context.Context) (job, bool) {
	for {
		s.mu.Lock()
		if len(s.queue) > 0 {
			j := s.queue[0]
			s.queue = s.queue[1:]
			more := len(s.queue) > 0
			s.mu.Unlock()
			if more {
				select {
				case s.wake <- struct{}{}:
				default:
				}
			}
			return j, true
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return job{}, false
		case <-s.wake:
		}
	}
}

// Start queues again the tables left queued or unfinished by an earlier
// run (their status.json says so) and starts the workers, which stop when
// ctx ends. A job stopped by ctx keeps its status and resumes at the next
// Start.
func (s *Service) Start(ctx context.Context) error {
	err := s.cat.Store.List(ctx, TablesPrefix, func(info municat.ObjectInfo) error {
		if !strings.HasSuffix(info.Key, "/status.json") {
			return nil
		}
		var st Status
		if err := getJSON(ctx, s.cat.Store, info.Key, &st); err != nil {
			s.log.Warn("tabular: unreadable status", "key", info.Key, "err", err)
			return nil
		}
		if st.State == Queued || st.State == Processing {
			s.push(job{st.Dataset, st.Distribution})
		}
		return nil
	})
	for range s.opt.Workers {
		go func() {
			for {
				j, ok := s.next(ctx)
				if !ok {
					return
				}
				if _, err := s.Process(ctx, j.dataset, j.dist); err != nil && ctx.Err() == nil {
					s.log.Warn("tabular: processing failed", "dataset", j.dataset, "distribution", j.dist, "err", err)
				}
				s.mu.Lock()
				delete(s.pending, j)
				s.mu.Unlock()
			}
		}()
	}
	return err
}
