// Package checkins holds the domain types of the service (people,
// agreements, check-ins) and the error values every layer speaks.
package checkins

import (
	"time"

	"github.com/mentorship/checkins/schedule"
)

// Person is a mentor or mentee. Zero-valued rules mean "no rule": no buffer,
// no notice, no weekly cap. WorkingHours is never empty once stored (it
// defaults to Monday-Friday 09:00-17:00); an empty CheckinWindows means
// "the working hours".
type Person struct {
	ID                       string          `json:"id"`
	Email                    string          `json:"email"`
	Name                     string          `json:"name"`
	TimeZone                 string          `json:"time_zone"`
	CalendarID               string          `json:"calendar_id"`
	WorkingHours             schedule.Weekly `json:"working_hours"`
	CheckinWindows           schedule.Weekly `json:"checkin_windows"`
	BufferMinutes            int             `json:"buffer_minutes"`
	MinNoticeHours           int             `json:"min_notice_hours"`
	MaxCheckinMinutesPerWeek int             `json:"max_checkin_minutes_per_week"`
	CreatedAt                time.Time       `json:"created_at"`
	UpdatedAt                time.Time       `json:"updated_at"`
}

// Windows returns the spans in which the person may hold check-ins: the
// check-in windows, or the working hours when none are set.
func (p Person) Windows() schedule.Weekly {
	if p.CheckinWindows.IsZero() {
		return p.WorkingHours
	}
	return p.CheckinWindows
}

// Kind is the kind of relationship an agreement describes.
type Kind string

// Agreement kinds.
const (
	KindMentorship  Kind = "mentorship"
	KindPeer        Kind = "peer"
	KindReverse     Kind = "reverse"
	KindSituational Kind = "situational"
	KindExternal    Kind = "external"
)

// Format is how check-ins of an agreement are held.
type Format string

// Agreement formats.
const (
	FormatVideo    Format = "video"
	FormatInPerson Format = "in_person"
	FormatPhone    Format = "phone"
	FormatAsync    Format = "async"
)

// Status is the lifecycle state of an agreement.
type Status string

// Agreement states.
const (
	StatusActive Status = "active"
	StatusPaused Status = "paused"
	StatusEnded  Status = "ended"
)

// Agreement is the agreed terms of a mentorship. A nil Cadence means a
// single cycle (situational agreements). Sessions 0 means open-ended.
type Agreement struct {
	ID              string            `json:"id"`
	MentorID        string            `json:"mentor_id"`
	MenteeID        string            `json:"mentee_id"`
	Kind            Kind              `json:"kind"`
	Cadence         *schedule.Cadence `json:"cadence,omitempty"`
	DurationMinutes int               `json:"duration_minutes"`
	Format          Format            `json:"format"`
	StartsOn        schedule.Date     `json:"starts_on"`
	Sessions        int               `json:"sessions,omitempty"`
	Topics          []string          `json:"topics"`
	AutoBook        bool              `json:"auto_book"`
	BookAheadDays   int               `json:"book_ahead_days"`
	Status          Status            `json:"status"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

// CheckInStatus is the state of a check-in.
type CheckInStatus string

// Check-in states. A pending check-in holds its cycle while its calendar
// event is being created; it becomes booked once the event exists, or
// cancelled (by the booking itself or a repair pass) when it cannot be
// created. Only a cancelled check-in frees its cycle.
const (
	CheckInPending   CheckInStatus = "pending"
	CheckInBooked    CheckInStatus = "booked"
	CheckInCancelled CheckInStatus = "cancelled"
)

// Holds reports whether the check-in occupies its cycle and the mentor's
// time (pending or booked).
func (c CheckIn) Holds() bool { return c.Status != CheckInCancelled }

// EventRef points at the calendar event of a check-in.
type EventRef struct {
	CalendarID string `json:"calendar_id"`
	EventID    string `json:"event_id"`
	HTMLLink   string `json:"html_link,omitempty"`
}

// CheckIn is one booked (or cancelled) check-in of an agreement's cycle.
// An async check-in has zero Start and End and no Event. MentorID is
// denormalised from the agreement so the mentor's weekly load can be read
// without loading every agreement. Generation counts the bookings of this
// cycle; it makes each booking's calendar event id unique, because a
// cancelled Google event keeps its id.
type CheckIn struct {
	ID          string        `json:"id"`
	AgreementID string        `json:"agreement_id"`
	MentorID    string        `json:"mentor_id"`
	Cycle       int           `json:"cycle"`
	Generation  int           `json:"generation"`
	Start       time.Time     `json:"start,omitzero"`
	End         time.Time     `json:"end,omitzero"`
	Status      CheckInStatus `json:"status"`
	Agenda      []string      `json:"agenda"`
	Event       *EventRef     `json:"event,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	UpdatedAt   time.Time     `json:"updated_at"`
}
