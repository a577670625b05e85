package booking

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
	"github.com/mentorship/checkins/store"
)

// AgreementInput is the body of a create or patch of an agreement. Nil
// fields are absent.
type AgreementInput struct {
	MentorID        *string           `json:"mentor_id"`
	MenteeID        *string           `json:"mentee_id"`
	Kind            *string           `json:"kind"`
	Cadence         *schedule.Cadence `json:"cadence"`
	DurationMinutes *int              `json:"duration_minutes"`
	Format          *string           `json:"format"`
	StartsOn        *string           `json:"starts_on"`
	Sessions        *int              `json:"sessions"`
	Topics          *[]string         `json:"topics"`
	AutoBook        *bool             `json:"auto_book"`
	BookAheadDays   *int              `json:"book_ahead_days"`
	Status          *string           `json:"status"`
}

var (
	kinds    = []string{"mentorship", "peer", "reverse", "situational", "external"}
	formats  = []string{"video", "in_person", "phone", "async"}
	statuses = []string{"active", "paused", "ended"}
)

// Limits of agreement fields.
const (
	maxTopics        = 20
	maxSessions      = 520
	maxBookAheadDays = 90
)

func enumField(verr *checkins.ValidationError, field string, v *string, allowed []string, dst *string) {
	if v == nil {
		return
	}
	if !slices.Contains(allowed, *v) {
		verr.Add(field, fmt.Sprintf("must be one of %v", allowed))
		return
	}
	*dst = *v
}

// apply validates in and writes it onto a. Reference checks (people exist)
// are done by the caller.
func (in AgreementInput) apply(a *checkins.Agreement, create bool) error {
	verr := &checkins.ValidationError{}
	if create {
		for _, r := range []struct {
			field   string
			missing bool
		}{{"mentor_id", in.MentorID == nil}, {"mentee_id", in.MenteeID == nil},
			{"duration_minutes", in.DurationMinutes == nil}, {"starts_on", in.StartsOn == nil}} {
			if r.missing {
				verr.Add(r.field, "is required")
			}
		}
		a.Kind, a.Format, a.Status, a.BookAheadDays = checkins.KindMentorship, checkins.FormatVideo, checkins.StatusActive, 7
		a.Topics = []string{}
		if in.MentorID != nil {
			a.MentorID = *in.MentorID
		}
		if in.MenteeID != nil {
			a.MenteeID = *in.MenteeID
		}
		if in.MentorID != nil && in.MenteeID != nil && *in.MentorID == *in.MenteeID {
			verr.Add("mentee_id", "must be a different person from the mentor")
		}
	} else {
		if in.MentorID != nil && *in.MentorID != a.MentorID {
			verr.Add("mentor_id", "cannot be changed; end this agreement and create another")
		}
		if in.MenteeID != nil && *in.MenteeID != a.MenteeID {
			verr.Add("mentee_id", "cannot be changed; end this agreement and create another")
		}
	}
	enumField(verr, "kind", in.Kind, kinds, (*string)(&a.Kind))
	enumField(verr, "format", in.Format, formats, (*string)(&a.Format))
	if in.Status != nil {
		switch {
		case create && *in.Status != string(checkins.StatusActive):
			verr.Add("status", `a new agreement is "active"`)
		case a.Status == checkins.StatusEnded && *in.Status != string(checkins.StatusEnded):
			verr.Add("status", "an ended agreement cannot be reopened")
		default:
			enumField(verr, "status", in.Status, statuses, (*string)(&a.Status))
		}
	}
	if in.Cadence != nil {
		if err := in.Cadence.Validate(); err != nil {
			verr.Merge("cadence", err)
		} else {
			c := *in.Cadence
			a.Cadence = &c
		}
	}
	if in.DurationMinutes != nil {
		if *in.DurationMinutes < 15 || *in.DurationMinutes > 30 {
			verr.Add("duration_minutes", "must be between 15 and 30")
		} else {
			a.DurationMinutes = *in.DurationMinutes
		}
	}
	if in.StartsOn != nil {
		if d, err := schedule.ParseDate(*in.StartsOn); err != nil {
			verr.Add("starts_on", err.Error())
		} else {
			a.StartsOn = d
		}
	}
	intField(verr, "sessions", in.Sessions, 0, maxSessions, &a.Sessions)
	intField(verr, "book_ahead_days", in.BookAheadDays, 0, maxBookAheadDays, &a.BookAheadDays)
	if in.Topics != nil {
		topics := *in.Topics
		if len(topics) > maxTopics {
			verr.Add("topics", fmt.Sprintf("at most %d topics", maxTopics))
		}
		for i, t := range topics {
			if t == "" || len(t) > maxTextLen {
				verr.Add(fmt.Sprintf("topics[%d]", i), fmt.Sprintf("must be 1 to %d characters", maxTextLen))
			}
		}
		a.Topics = slices.Clone(topics)
	}
	if in.AutoBook != nil {
		a.AutoBook = *in.AutoBook
	}
	if a.Cadence == nil && a.Kind != checkins.KindSituational && (create || in.Cadence != nil || in.Kind != nil) {
		verr.Add("cadence", "is required unless kind is situational")
	}
	return verr.Err()
}

// cycles returns the cadence cycles of a in the mentor's zone.
func cyclesOf(a checkins.Agreement, mentor checkins.Person) (schedule.Cycles, error) {
	loc, err := schedule.LoadZone("time_zone", mentor.TimeZone)
	if err != nil {
		return schedule.Cycles{}, fmt.Errorf("mentor %q: %w", mentor.ID, err)
	}
	cad := a.Cadence
	if a.Kind == checkins.KindSituational {
		cad = nil
	}
	return schedule.Cycles{StartsOn: a.StartsOn, Cadence: cad, Sessions: a.Sessions, Loc: loc}, nil
}

// AgreementView is an agreement with its next open cycle (nil when every
// cycle is over or booked).
type AgreementView struct {
	checkins.Agreement
	NextCycle *schedule.Cycle `json:"next_cycle"`
}

// CreateAgreement validates and stores new agreed terms.
func (s *Service) CreateAgreement(ctx context.Context, in AgreementInput) (AgreementView, error) {
	var a checkins.Agreement
	if err := in.apply(&a, true); err != nil {
		return AgreementView{}, err
	}
	mentor, err := s.member(ctx, "mentor_id", a.MentorID)
	if err != nil {
		return AgreementView{}, err
	}
	if _, err := s.member(ctx, "mentee_id", a.MenteeID); err != nil {
		return AgreementView{}, err
	}
	if err := s.validateCycles(a, mentor); err != nil {
		return AgreementView{}, err
	}
	now := s.now().UTC()
	a.ID = s.newID("agr")
	a.CreatedAt, a.UpdatedAt = now, now
	if err := s.store.CreateAgreement(ctx, a); err != nil {
		return AgreementView{}, fmt.Errorf("create agreement: %w", err)
	}
	return s.view(ctx, a, mentor)
}

// member loads a person an agreement refers to; a missing one is a
// validation error of the field, not a 404 of the request.
func (s *Service) member(ctx context.Context, field, id string) (checkins.Person, error) {
	p, err := s.store.GetPerson(ctx, id)
	if errors.Is(err, checkins.ErrNotFound) {
		return checkins.Person{}, checkins.Invalid(field, fmt.Sprintf("no person with id %q", id))
	}
	if err != nil {
		return checkins.Person{}, fmt.Errorf("load %s %q: %w", field, id, err)
	}
	return p, nil
}

func (s *Service) validateCycles(a checkins.Agreement, mentor checkins.Person) error {
	c, err := cyclesOf(a, mentor)
	if err != nil {
		return err
	}
	return c.Validate()
}

// GetAgreement returns an agreement. Returns ErrNotFound if there is none.
func (s *Service) GetAgreement(ctx context.Context, id string) (AgreementView, error) {
	a, mentor, _, err := s.loadAgreement(ctx, id)
	if err != nil {
		return AgreementView{}, err
	}
	return s.view(ctx, a, mentor)
}

// ListAgreements returns the agreements a person is part of.
func (s *Service) ListAgreements(ctx context.Context, personID string) ([]AgreementView, error) {
	as, err := s.store.ListAgreements(ctx, store.AgreementFilter{PersonID: personID})
	if err != nil {
		return nil, fmt.Errorf("list agreements of %q: %w", personID, err)
	}
	out := make([]AgreementView, 0, len(as))
	for _, a := range as {
		mentor, err := s.GetPerson(ctx, a.MentorID)
		if err != nil {
			return nil, err
		}
		v, err := s.view(ctx, a, mentor)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// UpdateAgreement patches the status or terms of an agreement.
func (s *Service) UpdateAgreement(ctx context.Context, id string, in AgreementInput) (AgreementView, error) {
	a, mentor, _, err := s.loadAgreement(ctx, id)
	if err != nil {
		return AgreementView{}, err
	}
	if in.Cadence != nil || in.StartsOn != nil || in.Kind != nil || in.Sessions != nil || in.DurationMinutes != nil {
		// Check-ins are numbered by cycle and their events have the agreed
		// length: while any holds a cycle, the terms that define cycles and
		// lengths stay as they are.
		booked, err := s.bookedCycles(ctx, a.ID)
		if err != nil {
			return AgreementView{}, err
		}
		if len(booked) > 0 {
			return AgreementView{}, &checkins.ConflictError{Kind: checkins.ConflictTermsLocked,
				Detail: "cadence, starts_on, kind, sessions and duration_minutes cannot change while check-ins are booked; cancel them or end this agreement and create another"}
		}
	}
	if err := in.apply(&a, false); err != nil {
		return AgreementView{}, err
	}
	if err := s.validateCycles(a, mentor); err != nil {
		return AgreementView{}, err
	}
	a.UpdatedAt = s.now().UTC()
	if err := s.store.UpdateAgreement(ctx, a); err != nil {
		return AgreementView{}, fmt.Errorf("update agreement %q: %w", id, err)
	}
	return s.view(ctx, a, mentor)
}

// loadAgreement reads an agreement and both its people.
func (s *Service) loadAgreement(ctx context.Context, id string) (a checkins.Agreement, mentor, mentee checkins.Person, err error) {
	a, err = s.store.GetAgreement(ctx, id)
	if err != nil {
		return a, mentor, mentee, fmt.Errorf("get agreement %q: %w", id, err)
	}
	if mentor, err = s.GetPerson(ctx, a.MentorID); err != nil {
		return a, mentor, mentee, err
	}
	if mentee, err = s.GetPerson(ctx, a.MenteeID); err != nil {
		return a, mentor, mentee, err
	}
	return a, mentor, mentee, nil
}

// bookedCycles returns a's check-ins that hold their cycle (booked, or
// pending while their event is created), by cycle index.
func (s *Service) bookedCycles(ctx context.Context, agreementID string) (map[int]checkins.CheckIn, error) {
	cs, err := s.store.ListCheckIns(ctx, agreementID)
	if err != nil {
		return nil, fmt.Errorf("list check-ins of %q: %w", agreementID, err)
	}
	return holding(cs), nil
}

// holding indexes the check-ins that hold their cycle (pending or booked).
func holding(cs []checkins.CheckIn) map[int]checkins.CheckIn {
	booked := make(map[int]checkins.CheckIn, len(cs))
	for _, c := range cs {
		if c.Holds() {
			booked[c.Cycle] = c
		}
	}
	return booked
}

func (s *Service) view(ctx context.Context, a checkins.Agreement, mentor checkins.Person) (AgreementView, error) {
	v := AgreementView{Agreement: a}
	if a.Status == checkins.StatusEnded {
		return v, nil
	}
	c, err := cyclesOf(a, mentor)
	if err != nil {
		return v, err
	}
	booked, err := s.bookedCycles(ctx, a.ID)
	if err != nil {
		return v, err
	}
	if next, ok := c.Next(s.now(), func(i int) bool { _, ok := booked[i]; return ok }); ok {
		v.NextCycle = &next
	}
	return v, nil
}
