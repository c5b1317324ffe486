#ifndef FRICTIONLENS_CORE_VERSION_H_
#define FRICTIONLENS_CORE_VERSION_H_

// The engine's version: `frictionlens --version`, and what a partial state records so
// that states of different builds are never merged (their numbers could differ).
// Keep in step with project(... VERSION) in the top CMakeLists.txt.
inline constexpr char kFrictionlensVersion[] = "0.1.0";

#endif  // FRICTIONLENS_CORE_VERSION_H_
