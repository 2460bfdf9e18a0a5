# ruff: noqa
# mypy: ignore-errors
# Made by tools/compile_forms.py from ui/main_window.ui: edit that, then run it.
from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QSizePolicy, QSpacerItem, QSplitter, QStackedWidget, QVBoxLayout
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################


class Ui_main_window(object):
    def setupUi(self, main_window):
        if not main_window.objectName():
            main_window.setObjectName(u"main_window")
        self.outer = QVBoxLayout(main_window)
        self.outer.setObjectName(u"outer")
        self.switchers = QHBoxLayout()
        self.switchers.setObjectName(u"switchers")
        self.personLabel = QLabel(main_window)
        self.personLabel.setObjectName(u"personLabel")

        self.switchers.addWidget(self.personLabel)

        self.personCombo = QComboBox(main_window)
        self.personCombo.setObjectName(u"personCombo")
        self.personCombo.setMinimumContentsLength(9)
        self.personCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.switchers.addWidget(self.personCombo)

        self.addPersonButton = QPushButton(main_window)
        self.addPersonButton.setObjectName(u"addPersonButton")

        self.switchers.addWidget(self.addPersonButton)

        self.editPersonButton = QPushButton(main_window)
        self.editPersonButton.setObjectName(u"editPersonButton")

        self.switchers.addWidget(self.editPersonButton)

        self.gap = QSpacerItem(24, 10, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)

        self.switchers.addItem(self.gap)

        self.packetLabel = QLabel(main_window)
        self.packetLabel.setObjectName(u"packetLabel")

        self.switchers.addWidget(self.packetLabel)

        self.packetCombo = QComboBox(main_window)
        self.packetCombo.setObjectName(u"packetCombo")
        self.packetCombo.setMinimumContentsLength(11)
        self.packetCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.switchers.addWidget(self.packetCombo)

        self.newPacketButton = QPushButton(main_window)
        self.newPacketButton.setObjectName(u"newPacketButton")

        self.switchers.addWidget(self.newPacketButton)

        self.switchers.setStretch(1, 2)
        self.switchers.setStretch(6, 3)

        self.outer.addLayout(self.switchers)

        self.mainSplitter = QSplitter(main_window)
        self.mainSplitter.setObjectName(u"mainSplitter")
        self.mainSplitter.setOrientation(Qt.Orientation.Horizontal)
        self.mainSplitter.setChildrenCollapsible(False)
        self.sectionList = QListWidget(self.mainSplitter)
        self.sectionList.setObjectName(u"sectionList")
        self.sectionList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mainSplitter.addWidget(self.sectionList)
        self.pageStack = QStackedWidget(self.mainSplitter)
        self.pageStack.setObjectName(u"pageStack")
        self.mainSplitter.addWidget(self.pageStack)

        self.outer.addWidget(self.mainSplitter)

#if QT_CONFIG(shortcut)
        self.personLabel.setBuddy(self.personCombo)
        self.packetLabel.setBuddy(self.packetCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(main_window)

        QMetaObject.connectSlotsByName(main_window)
    # setupUi

    def retranslateUi(self, main_window):
        self.personLabel.setText(QCoreApplication.translate("main_window", u"&Person:", None))
#if QT_CONFIG(accessibility)
        self.personCombo.setAccessibleName(QCoreApplication.translate("main_window", u"Person", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.personCombo.setAccessibleDescription(QCoreApplication.translate("main_window", u"Whose records are shown", None))
#endif // QT_CONFIG(accessibility)
        self.addPersonButton.setText(QCoreApplication.translate("main_window", u"Add person\u2026", None))
#if QT_CONFIG(accessibility)
        self.addPersonButton.setAccessibleName(QCoreApplication.translate("main_window", u"Add person", None))
#endif // QT_CONFIG(accessibility)
        self.editPersonButton.setText(QCoreApplication.translate("main_window", u"Person details\u2026", None))
#if QT_CONFIG(accessibility)
        self.editPersonButton.setAccessibleName(QCoreApplication.translate("main_window", u"Edit person details", None))
#endif // QT_CONFIG(accessibility)
        self.packetLabel.setText(QCoreApplication.translate("main_window", u"P&acket:", None))
#if QT_CONFIG(accessibility)
        self.packetCombo.setAccessibleName(QCoreApplication.translate("main_window", u"Packet", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.packetCombo.setAccessibleDescription(QCoreApplication.translate("main_window", u"The second-opinion packet you are preparing", None))
#endif // QT_CONFIG(accessibility)
        self.newPacketButton.setText(QCoreApplication.translate("main_window", u"New packet\u2026", None))
#if QT_CONFIG(accessibility)
        self.newPacketButton.setAccessibleName(QCoreApplication.translate("main_window", u"New packet", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sectionList.setAccessibleName(QCoreApplication.translate("main_window", u"Sections", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.sectionList.setAccessibleDescription(QCoreApplication.translate("main_window", u"Choose what to look at: overview, timeline, medications and so on", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.pageStack.setAccessibleName(QCoreApplication.translate("main_window", u"Section content", None))
#endif // QT_CONFIG(accessibility)
        pass
    # retranslateUi

