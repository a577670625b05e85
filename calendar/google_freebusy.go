package calendar

import (
	"context"
	"fmt"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// freeBusyBatch queries up to 50 calendars over window, chunk by chunk,
// impersonating the batch's first calendar.
func (g *Google) freeBusyBatch(ctx context.Context, deadline time.Time, ids []string, window schedule.Interval) (map[string]Busy, error) {
	svc, err := g.service(ids[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", checkins.ErrUnavailable, err)
	}
	items := make([]*gcal.FreeBusyRequestItem, len(ids))
	for i, id := range ids {
		items[i] = &gcal.FreeBusyRequestItem{Id: id}
	}
	acc := make(map[string]*Busy, len(ids))
	for _, id := range ids {
		acc[id] = &Busy{}
	}
	for start := window.Start; start.Before(window.End); start = start.Add(googleMaxSpan) {
		chunk := schedule.Interval{Start: start, End: minTime(start.Add(googleMaxSpan), window.End)}
		req := &gcal.FreeBusyRequest{
			Items:   items,
			TimeMin: chunk.Start.UTC().Format(time.RFC3339Nano),
			TimeMax: chunk.End.UTC().Format(time.RFC3339Nano),
		}
		resp, err := googleRetry(ctx, deadline, func() (*gcal.FreeBusyResponse, error) {
			return svc.Freebusy.Query(req).Context(ctx).Do()
		})
		if err != nil {
			return nil, googleMapError(fmt.Sprintf("freeBusy for %d calendars", len(ids)), err)
		}
		for _, id := range ids {
			cal, ok := resp.Calendars[id]
			googleMergeCalendar(acc[id], id, cal, ok)
		}
	}
	now := g.opts.Now()
	out := make(map[string]Busy, len(ids))
	for id, b := range acc {
		b.FetchedAt = now
		if b.Err != nil {
			b.Intervals = nil
		} else {
			b.Intervals = googleNormalize(b.Intervals, window)
		}
		out[id] = *b
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// googleMergeCalendar adds one chunk's answer for a calendar to b. A
// calendar missing from the answer or carrying errors has unknown
// availability, never free.
func googleMergeCalendar(b *Busy, id string, cal gcal.FreeBusyCalendar, present bool) {
	if b.Err != nil {
		return
	}
	if !present {
		b.Err = &checkins.CalendarError{CalendarID: id, Reason: "missingFromResponse", Err: checkins.ErrUnavailable}
		return
	}
	if len(cal.Errors) > 0 {
		reason := cal.Errors[0].Reason
		sentinel := checkins.ErrUnavailable
		if reason == "notFound" {
			sentinel = checkins.ErrCalendarNotFound
		}
		b.Err = &checkins.CalendarError{CalendarID: id, Reason: reason, Err: sentinel}
		return
	}
	for _, p := range cal.Busy {
		start, err1 := time.Parse(time.RFC3339, p.Start)
		end, err2 := time.Parse(time.RFC3339, p.End)
		if err1 != nil || err2 != nil {
			b.Err = &checkins.CalendarError{CalendarID: id, Reason: "badResponse",
				Err: fmt.Errorf("unparsable busy period %q..%q: %w", p.Start, p.End, checkins.ErrUnavailable)}
			return
		}
		b.Intervals = append(b.Intervals, schedule.Interval{Start: start, End: end})
	}
}

// googleNormalize clips to window, sorts and merges.
func googleNormalize(ivs []schedule.Interval, window schedule.Interval) []schedule.Interval {
	set := schedule.NewSet(ivs...).Intersect(schedule.NewSet(window))
	return []schedule.Interval(set)
}
