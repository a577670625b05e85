package booking

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// PersonInput is the body of a create or patch of a person. Nil fields are
// absent: a create takes defaults, a patch leaves them unchanged.
type PersonInput struct {
	Email                    *string                `json:"email"`
	Name                     *string                `json:"name"`
	TimeZone                 *string                `json:"time_zone"`
	CalendarID               *string                `json:"calendar_id"`
	WorkingHours             *map[string][][]string `json:"working_hours"`
	CheckinWindows           *map[string][][]string `json:"checkin_windows"`
	BufferMinutes            *int                   `json:"buffer_minutes"`
	MinNoticeHours           *int                   `json:"min_notice_hours"`
	MaxCheckinMinutesPerWeek *int                   `json:"max_checkin_minutes_per_week"`
}

// Limits of person fields.
const (
	maxBufferMinutes = 240
	maxNoticeHours   = 24 * 60
	maxWeekMinutes   = 7 * 24 * 60
	maxTextLen       = 200
)

// DefaultWorkingHours is Monday to Friday, 09:00-17:00 local time.
func DefaultWorkingHours() schedule.Weekly {
	var w schedule.Weekly
	for d := 1; d <= 5; d++ {
		w[d] = []schedule.Span{{Start: 9 * 60, End: 17 * 60}}
	}
	return w
}

// apply validates in and writes it onto p, reporting every problem.
func (in PersonInput) apply(p *checkins.Person, create bool) error {
	verr := &checkins.ValidationError{}
	required := func(field string, v *string) {
		if create && v == nil {
			verr.Add(field, "is required")
		}
	}
	required("email", in.Email)
	required("name", in.Name)
	required("time_zone", in.TimeZone)
	if in.Email != nil {
		if a, err := mail.ParseAddress(*in.Email); err != nil || a.Address != *in.Email || len(*in.Email) > 254 {
			verr.Add("email", "is not an email address such as alex@example.com")
		} else {
			p.Email = *in.Email
		}
	}
	if in.Name != nil {
		if *in.Name == "" || len(*in.Name) > maxTextLen {
			verr.Add("name", fmt.Sprintf("must be 1 to %d characters", maxTextLen))
		} else {
			p.Name = *in.Name
		}
	}
	if in.TimeZone != nil {
		if _, err := schedule.LoadZone("time_zone", *in.TimeZone); err != nil {
			verr.Merge("", err)
		} else {
			p.TimeZone = *in.TimeZone
		}
	}
	if in.CalendarID != nil {
		if len(*in.CalendarID) > 1024 {
			verr.Add("calendar_id", "must be at most 1024 characters")
		} else {
			p.CalendarID = *in.CalendarID
		}
	}
	if in.WorkingHours != nil {
		w, err := schedule.ParseWeekly("working_hours", *in.WorkingHours)
		switch {
		case err != nil:
			verr.Merge("", err)
		case w.IsZero():
			verr.Add("working_hours", "must hold at least one span")
		default:
			p.WorkingHours = w
		}
	} else if create {
		p.WorkingHours = DefaultWorkingHours()
	}
	if in.CheckinWindows != nil {
		w, err := schedule.ParseWeekly("checkin_windows", *in.CheckinWindows)
		if err != nil {
			verr.Merge("", err)
		} else {
			p.CheckinWindows = w
		}
	}
	intField(verr, "buffer_minutes", in.BufferMinutes, 0, maxBufferMinutes, &p.BufferMinutes)
	intField(verr, "min_notice_hours", in.MinNoticeHours, 0, maxNoticeHours, &p.MinNoticeHours)
	intField(verr, "max_checkin_minutes_per_week", in.MaxCheckinMinutesPerWeek, 0, maxWeekMinutes, &p.MaxCheckinMinutesPerWeek)
	return verr.Err()
}

// intField validates an optional integer field against [lo, hi].
func intField(verr *checkins.ValidationError, field string, v *int, lo, hi int, dst *int) {
	if v == nil {
		return
	}
	if *v < lo || *v > hi {
		verr.Add(field, fmt.Sprintf("must be between %d and %d", lo, hi))
		return
	}
	*dst = *v
}

// CreatePerson validates and stores a new person.
func (s *Service) CreatePerson(ctx context.Context, in PersonInput) (checkins.Person, error) {
	var p checkins.Person
	if err := in.apply(&p, true); err != nil {
		return checkins.Person{}, err
	}
	now := s.now().UTC()
	p.ID = s.newID("per")
	p.CreatedAt, p.UpdatedAt = now, now
	if err := s.store.CreatePerson(ctx, p); err != nil {
		return checkins.Person{}, fmt.Errorf("create person: %w", err)
	}
	return p, nil
}

// GetPerson returns a person. Returns ErrNotFound if there is none.
func (s *Service) GetPerson(ctx context.Context, id string) (checkins.Person, error) {
	p, err := s.store.GetPerson(ctx, id)
	if err != nil {
		return checkins.Person{}, fmt.Errorf("get person %q: %w", id, err)
	}
	return p, nil
}

// UpdatePerson applies a patch to a person. Nothing is stored when the
// patch is invalid.
func (s *Service) UpdatePerson(ctx context.Context, id string, in PersonInput) (checkins.Person, error) {
	p, err := s.GetPerson(ctx, id)
	if err != nil {
		return checkins.Person{}, err
	}
	if err := in.apply(&p, false); err != nil {
		return checkins.Person{}, err
	}
	p.UpdatedAt = s.now().UTC()
	if err := s.store.UpdatePerson(ctx, p); err != nil {
		return checkins.Person{}, fmt.Errorf("update person %q: %w", id, err)
	}
	return p, nil
}
