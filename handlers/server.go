// Package handlers is the HTTP face of checkins: Echo routes, request
// decoding and validation, authentication, problem+json errors, the OpenAPI
// document and operational endpoints.
package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mentorship/checkins/booking"
)

// Check is one dependency probed by /readyz. Only a failing Critical
// check makes the service unready.
type Check struct {
	Name     string
	Critical bool
	Run      func(ctx context.Context) error
}

// Options are the dependencies of the HTTP server.
type Options struct {
	Service    *booking.Service
	AdminToken string
	Logger     *slog.Logger
	Registry   *prometheus.Registry // metrics are registered here and served at /metrics
	Checks     []Check
	Now        func() time.Time
}

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// New returns the Echo instance serving the whole API.
func New(opts Options) (*echo.Echo, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Debug = false
	e.HTTPErrorHandler = errorHandler(opts.Logger)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{
		RequestIDHandler: func(c echo.Context, id string) { c.Set(ctxRequestID, id) },
	}))
	e.Use(accessLog(opts.Logger))
	e.Use(middleware.Recover())
	e.Use(newMetrics(opts.Registry).middleware)
	e.Use(bodyLimit(MaxBodyBytes))
	doc, err := openAPIHandler()
	if err != nil {
		return nil, err
	}
	routes(e, opts, doc)
	return e, nil
}
