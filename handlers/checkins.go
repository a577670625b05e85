package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/booking"
)

// bookRequest is the body of POST /v1/agreements/{id}/checkins.
type bookRequest struct {
	Start  *string  `json:"start"`
	Agenda []string `json:"agenda"`
}

// patchCheckInRequest is the body of PATCH /v1/checkins/{id}.
type patchCheckInRequest struct {
	Start  *string   `json:"start"`
	Agenda *[]string `json:"agenda"`
}

// parseStart reads an optional RFC 3339 start, naming the field on error.
func parseStart(v *string) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, *v)
	if err != nil {
		return nil, checkins.Invalid("start", "must be an RFC 3339 time with offset, e.g. 2026-12-08T14:30:00-05:00")
	}
	return &t, nil
}

func bookCheckIn(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in bookRequest
		if err := decode(c, &in); err != nil {
			return err
		}
		start, err := parseStart(in.Start)
		if err != nil {
			return err
		}
		ci, err := svc.Book(c.Request().Context(), c.Param("id"), booking.BookInput{Start: start, Agenda: in.Agenda})
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderLocation, "/v1/checkins/"+ci.ID)
		return render(c, http.StatusCreated, ci)
	}
}

func listCheckIns(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		cs, err := svc.ListCheckIns(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		if cs == nil {
			cs = []checkins.CheckIn{}
		}
		return render(c, http.StatusOK, map[string]any{"checkins": cs})
	}
}

func getCheckIn(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		ci, err := svc.GetCheckIn(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, ci)
	}
}

func updateCheckIn(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in patchCheckInRequest
		if err := decode(c, &in); err != nil {
			return err
		}
		start, err := parseStart(in.Start)
		if err != nil {
			return err
		}
		ci, err := svc.UpdateCheckIn(c.Request().Context(), c.Param("id"), booking.CheckInPatch{Start: start, Agenda: in.Agenda})
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, ci)
	}
}

func cancelCheckIn(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		ci, err := svc.CancelCheckIn(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, ci)
	}
}
