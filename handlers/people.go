package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/booking"
	"github.com/mentorship/checkins/schedule"
)

func createPerson(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in booking.PersonInput
		if err := decode(c, &in); err != nil {
			return err
		}
		p, err := svc.CreatePerson(c.Request().Context(), in)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderLocation, "/v1/people/"+p.ID)
		return render(c, http.StatusCreated, p)
	}
}

func getPerson(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := svc.GetPerson(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, p)
	}
}

func updatePerson(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in booking.PersonInput
		if err := decode(c, &in); err != nil {
			return err
		}
		p, err := svc.UpdatePerson(c.Request().Context(), c.Param("id"), in)
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, p)
	}
}

// availabilityResponse is the body of GET /v1/people/{id}/availability.
type availabilityResponse struct {
	PersonID string              `json:"person_id"`
	From     time.Time           `json:"from"`
	To       time.Time           `json:"to"`
	Busy     []schedule.Interval `json:"busy"`
	Free     []schedule.Interval `json:"free"`
}

func availability(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		verr := &checkins.ValidationError{}
		from := timeParam(c, verr, "from")
		to := timeParam(c, verr, "to")
		if err := verr.Err(); err != nil {
			return err
		}
		a, err := svc.Availability(c.Request().Context(), c.Param("id"), from, to)
		if err != nil {
			return err
		}
		setCacheStatus(c, a.Freshness)
		return render(c, http.StatusOK, availabilityResponse{
			PersonID: a.PersonID, From: a.From, To: a.To,
			Busy: nonNil(a.Busy), Free: nonNil(a.Free),
		})
	}
}

// timeParam reads a required RFC 3339 query parameter.
func timeParam(c echo.Context, verr *checkins.ValidationError, name string) time.Time {
	v := c.QueryParam(name)
	if v == "" {
		verr.Add(name, "is required (RFC 3339, e.g. 2026-12-01T00:00:00Z)")
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		verr.Add(name, "must be an RFC 3339 time with offset, e.g. 2026-12-01T00:00:00Z")
	}
	return t
}

func nonNil(s schedule.Set) []schedule.Interval {
	if s == nil {
		return []schedule.Interval{}
	}
	return s
}

// setCacheStatus reports how the availability was served (RFC 9211).
func setCacheStatus(c echo.Context, f booking.Freshness) {
	if !f.Read {
		return
	}
	v := "checkins; fwd=miss"
	switch {
	case f.Stale:
		v = "checkins; hit; stale"
	case f.Hit:
		v = "checkins; hit"
	}
	c.Response().Header().Set("Cache-Status", v)
}
