package booking

import (
	"context"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// MaxAvailabilityRange is the longest from-to range of an availability read.
const MaxAvailabilityRange = 62 * 24 * time.Hour

// Availability is a person's busy time over a range, and the free time
// left in their check-in windows (or working hours).
type Availability struct {
	PersonID  string
	From, To  time.Time
	Busy      schedule.Set
	Free      schedule.Set
	Freshness Freshness
}

// Availability reads a person's busy and free time over [from, to).
// Returns a *ValidationError naming "from" or "to" for a bad range,
// ErrNotFound for an unknown person.
func (s *Service) Availability(ctx context.Context, personID string, from, to time.Time) (Availability, error) {
	switch {
	case !to.After(from):
		return Availability{}, checkins.Invalid("to", "must be after from")
	case to.Sub(from) > MaxAvailabilityRange:
		return Availability{}, checkins.Invalid("to", "the range from-to may span at most 62 days")
	}
	p, err := s.GetPerson(ctx, personID)
	if err != nil {
		return Availability{}, err
	}
	loc, err := schedule.LoadZone("time_zone", p.TimeZone)
	if err != nil {
		return Availability{}, err
	}
	window := schedule.Interval{Start: from, End: to}
	busy, fresh, err := s.cachedBusy(ctx, window, p)
	if err != nil {
		return Availability{}, err
	}
	b := busy[p.CalendarID].Clip(window)
	free := p.Windows().In(loc, window).Subtract(b)
	return Availability{PersonID: p.ID, From: from, To: to, Busy: b, Free: free, Freshness: fresh}, nil
}
