package dev.calcomclient.examples.load;

/** The three operations of the PHP gateway's traffic mix. */
enum Op {
  AVAILABILITY("availability"),
  BOOK("booking"),
  ALTERNATIVES("alternatives");

  final String label;

  Op(String label) {
    this.label = label;
  }
}
