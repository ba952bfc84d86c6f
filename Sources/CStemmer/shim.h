// Snowball stemmers (libstemmer-dev); the library ships no pkg-config file.
#include <libstemmer.h>
