// Package calendar reads people's free/busy time (and, for booking, writes
// events) from a calendar backend: Google Calendar, iCalendar files, or the
// bundled demo calendar, with a caching layer that works over any of them.
package calendar

import (
	"context"
	"time"

	"github.com/mentorship/checkins/schedule"
)

// Busy is what a provider knows of one calendar's busy time over a window.
type Busy struct {
	// Intervals are the busy periods, sorted, merged and clipped to the
	// window asked for.
	Intervals []schedule.Interval
	// Err is non-nil when this calendar's availability is unknown: a
	// *checkins.CalendarError wrapping checkins.ErrCalendarNotFound or
	// checkins.ErrUnavailable. Such a calendar must never be taken as free.
	Err error
	// FetchedAt is when the provider read the data from its source.
	FetchedAt time.Time
	// Hit says the answer came from the cache; Stale says it came from the
	// cache after its freshness ran out because the source failed.
	Hit, Stale bool
}

// Provider answers free/busy queries. FreeBusy returns one entry for every
// id asked for; the error is for failures of the whole call (transport,
// authentication), per-calendar failures go into Busy.Err.
type Provider interface {
	FreeBusy(ctx context.Context, calendarIDs []string, window schedule.Interval) (map[string]Busy, error)
}
