package calendar

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	gcal "google.golang.org/api/calendar/v3"

	"github.com/mentorship/checkins/schedule"
)

// Event is a calendar event written by the service (a booked check-in).
type Event struct {
	ID          string            // deterministic client-supplied id (see EventID)
	CalendarID  string            // the owner's calendar, also the impersonated user
	Start, End  time.Time         // End exclusive
	TimeZone    string            // IANA zone for display, optional
	Summary     string            // title
	Description string            // body text
	Attendees   []string          // emails
	Private     map[string]string // extendedProperties.private
	Video       bool              // request a Google Meet
	Status      string            // read back: confirmed | tentative | cancelled
	HTMLLink    string            // read back
	MeetLink    string            // read back
}

// EventID derives a deterministic event id from parts: the lowercase
// base32hex (a-v, 0-9) encoding, without padding, of the SHA-256 of the
// parts joined by NUL — 52 characters, valid for Google's id rules.
func EventID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToLower(base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))
}

// InsertEvent creates ev on ev.CalendarID with ev.ID, notifying attendees
// (sendUpdates=all). A 409 (the id exists, possibly deleted) wraps
// checkins.ErrConflict; the caller then reads it with GetEvent.
func (g *Google) InsertEvent(ctx context.Context, ev Event) (Event, error) {
	svc, err := g.eventService(ev.CalendarID)
	if err != nil {
		return Event{}, err
	}
	body := googleToAPI(ev)
	call := svc.Events.Insert(ev.CalendarID, body).SendUpdates("all")
	if ev.Video {
		call = call.ConferenceDataVersion(1)
	}
	got, err := googleRetry(ctx, g.deadline(), func() (*gcal.Event, error) {
		return call.Context(ctx).Do()
	})
	if err != nil {
		return Event{}, googleMapError("insert event "+ev.ID, err)
	}
	return googleFromAPI(ev.CalendarID, got), nil
}

// GetEvent reads an event, cancelled ones included; an unknown id wraps
// checkins.ErrNotFound.
func (g *Google) GetEvent(ctx context.Context, calendarID, eventID string) (Event, error) {
	svc, err := g.eventService(calendarID)
	if err != nil {
		return Event{}, err
	}
	got, err := googleRetry(ctx, g.deadline(), func() (*gcal.Event, error) {
		return svc.Events.Get(calendarID, eventID).Context(ctx).Do()
	})
	if err != nil {
		return Event{}, googleMapError("get event "+eventID, err)
	}
	return googleFromAPI(calendarID, got), nil
}

// PatchEvent changes the non-zero fields among Start, End, TimeZone,
// Summary, Description, Attendees, Private (keys added/overwritten) and
// Status ("confirmed" revives a cancelled event), notifying attendees.
func (g *Google) PatchEvent(ctx context.Context, ev Event) (Event, error) {
	svc, err := g.eventService(ev.CalendarID)
	if err != nil {
		return Event{}, err
	}
	body := googleToAPI(ev)
	body.Id = ""
	body.ConferenceData = nil
	body.Status = ev.Status
	call := svc.Events.Patch(ev.CalendarID, ev.ID, body).SendUpdates("all")
	got, err := googleRetry(ctx, g.deadline(), func() (*gcal.Event, error) {
		return call.Context(ctx).Do()
	})
	if err != nil {
		return Event{}, googleMapError("patch event "+ev.ID, err)
	}
	return googleFromAPI(ev.CalendarID, got), nil
}

// DeleteEvent cancels an event, notifying attendees; an already deleted
// event (410) is success.
func (g *Google) DeleteEvent(ctx context.Context, calendarID, eventID string) error {
	svc, err := g.eventService(calendarID)
	if err != nil {
		return err
	}
	_, err = googleRetry(ctx, g.deadline(), func() (struct{}, error) {
		return struct{}{}, svc.Events.Delete(calendarID, eventID).SendUpdates("all").Context(ctx).Do()
	})
	if err != nil && googleStatus(err) != 410 {
		return googleMapError("delete event "+eventID, err)
	}
	return nil
}

// ListEvents lists the non-cancelled events overlapping window (as single
// instances) whose private extended properties include all of private,
// following every page.
func (g *Google) ListEvents(ctx context.Context, calendarID string, window schedule.Interval, private map[string]string) ([]Event, error) {
	svc, err := g.eventService(calendarID)
	if err != nil {
		return nil, err
	}
	var filters []string
	for _, k := range slices.Sorted(maps.Keys(private)) {
		filters = append(filters, k+"="+private[k])
	}
	var out []Event
	page, deadline := "", g.deadline()
	for {
		call := svc.Events.List(calendarID).SingleEvents(true).MaxResults(250).
			TimeMin(window.Start.Format(time.RFC3339Nano)).TimeMax(window.End.Format(time.RFC3339Nano))
		if len(filters) > 0 {
			call = call.PrivateExtendedProperty(filters...)
		}
		if page != "" {
			call = call.PageToken(page)
		}
		res, err := googleRetry(ctx, deadline, func() (*gcal.Events, error) {
			return call.Context(ctx).Do()
		})
		if err != nil {
			return nil, googleMapError("list events of "+calendarID, err)
		}
		for _, it := range res.Items {
			out = append(out, googleFromAPI(calendarID, it))
		}
		if page = res.NextPageToken; page == "" {
			return out, nil
		}
	}
}

// deadline ends the retry budget of a call starting now.
func (g *Google) deadline() time.Time { return time.Now().Add(g.opts.RetryBudget) }

func (g *Google) eventService(calendarID string) (*gcal.Service, error) {
	if calendarID == "" {
		return nil, fmt.Errorf("google calendar: empty calendar id")
	}
	return g.service(calendarID)
}
