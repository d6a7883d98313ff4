{
  "targets": [
    {
      "target_name": "fast_udp",
      "sources": ["native/fast_udp.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
