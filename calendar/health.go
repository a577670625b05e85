package calendar

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// Health is a Provider that remembers how its source last answered, so
// that readiness can report a failing calendar without spending a call on
// it.
type Health struct {
	src Provider
	now func() time.Time

	mu      sync.Mutex
	lastErr error
	lastAt  time.Time
}

// healthWindow is how long a failure is reported after it happened.
const healthWindow = time.Minute

// NewHealth wraps src.
func NewHealth(src Provider, now func() time.Time) *Health {
	return &Health{src: src, now: now}
}

// FreeBusy asks the source and records whether it could answer. A calendar
// that does not exist is the caller's problem, not the source's.
func (h *Health) FreeBusy(ctx context.Context, ids []string, window schedule.Interval) (map[string]Busy, error) {
	res, err := h.src.FreeBusy(ctx, ids, window)
	outcome := err
	if outcome == nil {
		for _, b := range res {
			if b.Err != nil && !errors.Is(b.Err, checkins.ErrCalendarNotFound) {
				outcome = b.Err
				break
			}
		}
	}
	if !errors.Is(outcome, context.Canceled) {
		h.mu.Lock()
		h.lastErr, h.lastAt = outcome, h.now()
		h.mu.Unlock()
	}
	return res, err
}

// Check reports the last failure of the source if it happened within the
// last minute.
func (h *Health) Check(context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.lastErr != nil && h.now().Sub(h.lastAt) < healthWindow {
		return fmt.Errorf("last calendar call failed %s ago: %w", h.now().Sub(h.lastAt).Round(time.Second), h.lastErr)
	}
	return nil
}
