/**
 * React's production build for the dashboards, unless NODE_ENV says otherwise. React (and Ink's
 * reconciler) pick their build when first loaded, from NODE_ENV; unset, they load the development
 * build, whose checks cost the main thread of a load run 100 ms of CPU a second at four frames a
 * second (perf at 50,000 DORA/s, 10 s, --cpu-prof: Ink's render 1.0 s of the main thread's 2.1 s).
 * The launcher imports this module before anything else, so it runs before any import of React.
 */
process.env.NODE_ENV ??= 'production';
